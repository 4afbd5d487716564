package vn.thanhhoa.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Serves a real Solr 9 over HTTP from a solr home, for development and tests.
 *
 * <p>Usage: {@code Launcher SOLR_HOME [PORT]}. The solr home is prepared by
 * {@code bin/solr.sh} (solr.xml plus one core per configset). The server binds
 * 127.0.0.1 only, serves the {@code /solr} context and stops cleanly on
 * SIGTERM/SIGINT.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Launcher SOLR_HOME [PORT]");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8983;
        if (!Files.isRegularFile(home.resolve("solr.xml"))) {
            System.err.println("no solr.xml in " + home);
            System.exit(2);
        }
        System.setProperty("jetty.host", "127.0.0.1");
        System.setProperty("host", "127.0.0.1");
        System.setProperty("solr.install.dir", home.toString());

        JettyConfig config = JettyConfig.builder()
                .setPort(port)
                .setContext("/solr")
                .stopAtShutdown(true)
                .build();
        JettySolrRunner solr = new JettySolrRunner(home.toString(), config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                solr.stop();
            } catch (Exception e) {
                System.err.println("error while stopping Solr: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        solr.start();
        System.out.println("Solr " + org.apache.solr.client.api.util.SolrVersion.LATEST_STRING
                + " ready at http://127.0.0.1:" + solr.getLocalPort() + "/solr");
        stopped.await();
    }
}
