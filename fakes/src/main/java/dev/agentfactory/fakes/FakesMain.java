package dev.agentfactory.fakes;

import dev.agentfactory.fakes.fly.FakeFlyMachinesApi;
import dev.agentfactory.fakes.fly.RateLimitPolicy;
import dev.agentfactory.fakes.telegram.FakeTelegramBotApi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one fake standalone until killed:
 * <pre>
 * java -jar fakes.jar telegram --port 8086 [--host H] [--bot &lt;digits&gt;:&lt;secret&gt;:&lt;username&gt;]...
 * java -jar fakes.jar fly --port 8087 --token T [--token T2] [--boot-delay-ms N] [--stop-delay-ms N]
 *                         [--app NAME]... [--region R] [--latency-ms N] [--no-rate-limit] [--host H]
 * </pre>
 */
public final class FakesMain {

    private FakesMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || !(args[0].equals("telegram") || args[0].equals("fly"))) {
            usage("first argument must be telegram or fly");
            return;
        }
        Options options = Options.parse(args);
        AutoCloseable fake = args[0].equals("telegram") ? telegram(options) : fly(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fake.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }));
        new CountDownLatch(1).await();
    }

    private static AutoCloseable telegram(Options o) {
        FakeTelegramBotApi api = new FakeTelegramBotApi();
        for (String bot : o.values("--bot")) {
            int last = bot.lastIndexOf(':');
            if (last <= bot.indexOf(':')) {
                usage("--bot wants <digits>:<secret>:<username>, got " + bot);
            }
            api.registerBot(bot.substring(0, last), bot.substring(last + 1));
        }
        api.start(o.value("--host", "127.0.0.1"), o.port());
        System.out.println("fake Telegram Bot API listening on " + api.baseUrl());
        return api;
    }

    private static AutoCloseable fly(Options o) {
        List<String> tokens = o.values("--token");
        if (tokens.isEmpty()) {
            usage("fly needs at least one --token");
        }
        FakeFlyMachinesApi api = FakeFlyMachinesApi.builder()
                .tokens(tokens.toArray(String[]::new))
                .bootDelayMs(Long.parseLong(o.value("--boot-delay-ms", "300")))
                .stopDelayMs(Long.parseLong(o.value("--stop-delay-ms", "100")))
                .defaultRegion(o.value("--region", "iad"))
                .rateLimits(o.has("--no-rate-limit") ? RateLimitPolicy.DISABLED : RateLimitPolicy.FLY)
                .build();
        o.values("--app").forEach(api::createApp);
        api.latency(Long.parseLong(o.value("--latency-ms", "0")));
        api.start(o.value("--host", "127.0.0.1"), o.port());
        System.out.println("fake Fly Machines API listening on " + api.baseUrl());
        return api;
    }

    static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: telegram --port N [--host H] [--bot <digits>:<secret>:<username>]...");
        System.err.println("       fly --port N --token T [--token T2] [--boot-delay-ms N] [--stop-delay-ms N]"
                + " [--app NAME]... [--region R] [--latency-ms N] [--no-rate-limit] [--host H]");
        System.exit(2);
    }

    /** {@code --name value} pairs (repeatable) and bare flags. */
    private record Options(List<String[]> pairs, List<String> flags) {

        static Options parse(String[] args) {
            List<String[]> pairs = new ArrayList<>();
            List<String> flags = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals("--no-rate-limit")) {
                    flags.add(args[i]);
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    pairs.add(new String[] {args[i], args[++i]});
                } else {
                    usage("unexpected argument " + args[i]);
                }
            }
            return new Options(pairs, flags);
        }

        List<String> values(String name) {
            return pairs.stream().filter(p -> p[0].equals(name)).map(p -> p[1]).toList();
        }

        String value(String name, String fallback) {
            List<String> all = values(name);
            return all.isEmpty() ? fallback : all.get(all.size() - 1);
        }

        boolean has(String flag) {
            return flags.contains(flag);
        }

        int port() {
            return Integer.parseInt(value("--port", "0"));
        }
    }
}
