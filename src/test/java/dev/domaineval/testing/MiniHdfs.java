package dev.domaineval.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real single-node HDFS (Hadoop's MiniDFSCluster: one NameNode, one DataNode) on the loopback
 * interface, for the cluster tests and {@code scripts/hdfs.sh}. It runs until the JVM is stopped
 * (SIGTERM shuts it down cleanly).
 *
 * <pre>
 *   java -cp target/test-classes:$(cat target/test-classpath.txt) dev.domaineval.testing.MiniHdfs \
 *     DIR PORT
 * </pre>
 *
 * <p>DIR holds the blocks and metadata (formatted at each start); PORT is the NameNode's RPC port.
 * Once the file system accepts clients, the launcher writes its URI ({@code hdfs://127.0.0.1:PORT})
 * to {@code DIR/uri}: callers wait for that file.
 */
public final class MiniHdfs {
  private MiniHdfs() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("Usage: MiniHdfs DIR PORT");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("uri"));

    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("data").toString());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    // Test data on one DataNode: one replica, and the user running the tests may write anywhere.
    conf.setInt("dfs.replication", 1);
    conf.setBoolean("dfs.permissions.enabled", false);

    MiniDFSCluster cluster =
        new MiniDFSCluster.Builder(conf, new File(dir.resolve("data").toString()))
            .nameNodePort(port)
            .numDataNodes(1)
            .format(true)
            .build();
    cluster.waitActive();
    String uri = "hdfs://127.0.0.1:" + cluster.getNameNodePort();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  cluster.shutdown();
                  stopped.countDown();
                }));
    Path tmp = dir.resolve("uri.tmp");
    Files.writeString(tmp, uri + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve("uri"), StandardCopyOption.ATOMIC_MOVE);
    System.out.println("MiniHdfs: " + uri + " (data under " + dir + ")");
    stopped.await();
  }
}
