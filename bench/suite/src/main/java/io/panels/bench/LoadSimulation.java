package io.panels.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** The Gatling simulation of every request load: it runs {@link Load#current()}. */
public class LoadSimulation extends Simulation {

    public LoadSimulation() {
        Load.Plan plan = Load.current();
        if (plan == null) {
            throw new IllegalStateException("LoadSimulation runs inside the bench suite (bench/suite/run), which sets its plan");
        }
        // API clients share a connection pool (keep-alive), unlike browsers with one pool each; no HTTP
        // cache either: every request is a real read (NocoDB answers If-None-Match with 304).
        HttpProtocolBuilder protocol = http.baseUrl(plan.baseUrl()).shareConnections().disableCaching().acceptHeader("application/json")
                .userAgentHeader("panels-bench-suite");
        List<Map<String, Object>> contexts = plan.contexts();
        Iterator<Map<String, Object>> feeder = Stream.generate(() -> contexts.get(ThreadLocalRandom.current().nextInt(contexts.size()))).iterator();
        ChainBuilder step;
        if (plan.calls().size() == 1) {
            step = exec(request(plan.calls().get(0)));
        } else {
            step = randomSwitch().on(plan.calls().stream().map(c -> percent(c.percent()).then(exec(request(c)))).toArray(Choice.WithWeight[]::new));
        }
        ScenarioBuilder scenario = scenario(plan.name()).during(plan.duration()).on(exec(feed(feeder)).exec(step));
        setUp(scenario.injectOpen(atOnceUsers(plan.users()))).protocols(protocol).maxDuration(plan.duration().plusSeconds(60));
    }

    private static ChainBuilder feed(Iterator<Map<String, Object>> feeder) {
        return io.gatling.javaapi.core.CoreDsl.feed(feeder);
    }

    private static HttpRequestActionBuilder request(Load.Call call) {
        HttpRequestActionBuilder request = switch (call.method()) {
            case "GET" -> http(call.name()).get(call.path());
            case "POST" -> http(call.name()).post(call.path());
            default -> throw new IllegalArgumentException(call.method());
        };
        for (Map.Entry<String, java.util.function.Function<io.gatling.javaapi.core.Session, String>> header : call.headers().entrySet()) {
            request = request.header(header.getKey(), header.getValue());
        }
        if (call.body() != null) {
            request = request.header("Content-Type", "application/json").body(StringBody(call.body()));
        }
        return request.check(status().in(call.statuses().toArray(Integer[]::new)));
    }
}
