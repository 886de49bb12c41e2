import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

/**
 * The service behind the gateway in the overhead benchmark: answers every GET with a small JSON
 * document and /download with 64 KiB, as fast as Vert.x can. Run with the gateway's class path:
 * java -cp "$CP" bench/gateway/EchoBackend.java 18090
 */
public class EchoBackend {

    public static void main(String[] args) {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "18090");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Buffer small = Buffer.buffer("{\"id\":\"0195f000-0000-7000-8000-000000000001\",\"name\":\"Plants\","
                + "\"description\":\"A panel of plants\",\"version\":7,\"columns\":[\"name\",\"height\",\"watered\"]}");
        Buffer large = Buffer.buffer(new byte[64 * 1024]);
        vertx.createHttpServer()
                .requestHandler(request -> {
                    boolean download = request.path().endsWith("/download");
                    request.response()
                            .putHeader("Content-Type", download ? "application/octet-stream" : "application/json")
                            .end(download ? large : small);
                })
                .listen(port, "127.0.0.1")
                .onSuccess(server -> System.out.println("echo backend on 127.0.0.1:" + server.actualPort()))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }
}
