package vn.thanhhoa.solr;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A real SolrCloud on 127.0.0.1: {@code MiniSolrCloudCluster} of
 * solr-test-framework, with its embedded ZooKeeper, NODES Solr nodes, the
 * project's configset uploaded as {@code ckan} and a collection of SHARDS
 * shards times REPLICAS replicas made from it.
 *
 * <p>Usage: {@code CloudLauncher BASE_DIR CONFIGSET_DIR COLLECTION [NODES SHARDS REPLICAS]}.
 * It prints {@code node I URL} per node, then {@code ready}. Commands on
 * standard input: {@code stop I} stops node I (answers {@code stopped I}),
 * {@code quit} (or the end of the input, or SIGTERM) shuts the cluster down.
 */
public final class CloudLauncher {

    private CloudLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CloudLauncher BASE_DIR CONFIGSET_DIR COLLECTION [NODES SHARDS REPLICAS]");
            System.exit(2);
        }
        Path base = Paths.get(args[0]).toAbsolutePath();
        Path configset = Paths.get(args[1]).toAbsolutePath();
        String collection = args[2];
        int nodes = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int shards = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int replicas = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        System.setProperty("jetty.host", "127.0.0.1");
        System.setProperty("host", "127.0.0.1");

        MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, base)
                .addConfig("ckan", configset)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.shutdown();
            } catch (Exception e) {
                System.err.println("error while stopping SolrCloud: " + e);
            }
        }));
        CollectionAdminRequest.createCollection(collection, "ckan", shards, replicas)
                .process(cluster.getSolrClient());
        cluster.waitForActiveCollection(collection, shards, shards * replicas);
        List<JettySolrRunner> runners = cluster.getJettySolrRunners();
        for (int i = 0; i < runners.size(); i++) {
            System.out.println("node " + i + " " + runners.get(i).getBaseUrl());
        }
        System.out.println("zookeeper " + cluster.getZkServer().getZkAddress());
        System.out.println("ready");
        System.out.flush();

        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = input.readLine()) != null) {
            line = line.trim();
            if (line.startsWith("stop ")) {
                int index = Integer.parseInt(line.substring(5).trim());
                cluster.stopJettySolrRunner(index);
                System.out.println("stopped " + index);
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        System.exit(0);
    }
}
