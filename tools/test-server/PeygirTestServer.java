import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

/**
 * The Temporal test server (io.temporal:temporal-test-server, as its own TestServer main starts it)
 * with one more flag: the instant its clock starts at, so `peygir preview --start` can begin a run on
 * a chosen day, past or future. Usage: {@code <port> [--enable-time-skipping] [--start-time=<epoch ms>]}.
 */
public final class PeygirTestServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean timeSkipping = false;
    long startTime = 0; // 0: the machine's clock
    for (int i = 1; i < args.length; i++) {
      if (args[i].equalsIgnoreCase("--enable-time-skipping")) timeSkipping = true;
      else if (args[i].startsWith("--start-time=")) startTime = Long.parseLong(args[i].substring("--start-time=".length()));
      else {
        System.err.println("Unknown flag " + args[i]);
        System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(!timeSkipping, startTime);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
