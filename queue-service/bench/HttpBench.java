import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver of the worker API (no dependencies but kafka-clients for the latency mode).
 *
 * cycles:  java HttpBench.java cycles <baseUrl> <adminKey> <workers> <warmupSeconds> <seconds> <modes> [reseed command…]
 *          modes: chained, separate or both (comma-separated), measured one after the other in this JVM. With a
 *          reseed command, the warm-up is a run of its own (the service's and this driver's JIT compilers need
 *          about a minute of load), then the command restores the backlog and each mode gets a 3 s lead-in.
 * latency: java -cp kafka-clients.jar:slf4j-api.jar HttpBench.java latency <baseUrl> <adminKey> <bootstrap> <topicPrefix> <samples>
 */
public class HttpBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern LEASE = Pattern.compile("\"leaseId\":\"([0-9a-f-]{36})\"");
    static final Pattern MESSAGE = Pattern.compile("\"messageId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (args[0].equals("cycles")) {
            int workers = Integer.parseInt(args[3]);
            int warmup = Integer.parseInt(args[4]);
            int seconds = Integer.parseInt(args[5]);
            String[] modes = args[6].split(",");
            int leadIn = warmup;
            if (args.length > 7) {
                cycles(args[1], args[2], workers, 0, warmup, modes[0].equals("chained"), "(warm-up) ");
                int exit = new ProcessBuilder(Arrays.copyOfRange(args, 7, args.length)).inheritIO().start().waitFor();
                if (exit != 0) {
                    throw new IllegalStateException("reseed command failed: " + exit);
                }
                leadIn = 3;
            }
            for (String mode : modes) {
                cycles(args[1], args[2], workers, leadIn, seconds, mode.equals("chained"), "");
            }
        } else {
            latency(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]));
        }
    }

    static String token(String base, String admin, String worker) throws Exception {
        String body = post(base + "/v1/worker-tokens", "Bearer " + admin, "{\"workerId\":\"" + worker + "\"}").body();
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(body);
        m.find();
        return "Bearer " + m.group(1);
    }

    static HttpResponse<String> post(String url, String bearer, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void cycles(String base, String admin, int workers, int warmup, int seconds, boolean chained, String label)
            throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong cycles = new AtomicLong();
        List<long[]> claimSamples = new ArrayList<>();
        List<long[]> cycleSamples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        for (int w = 0; w < workers; w++) {
            String worker = "bench-" + w;
            String bearer = token(base, admin, worker);
            long[] claims = new long[2_000_000 / workers + 1000];
            long[] rounds = new long[2_000_000 / workers + 1000];
            claimSamples.add(claims);
            cycleSamples.add(rounds);
            int[] counts = new int[2];
            Thread t = new Thread(() -> {
                try {
                    String lease = null;
                    String claimBody = "{\"workerId\":\"" + worker + "\",\"waitMs\":1000}";
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        HttpResponse<String> response;
                        if (lease == null) {
                            response = post(base + "/v1/claims", bearer, claimBody);
                            if (measuring.get() && counts[0] < claims.length) {
                                claims[counts[0]++] = System.nanoTime() - started;
                            }
                        } else {
                            response = post(base + "/v1/leases/" + lease + "/complete", bearer,
                                    chained ? "{\"claimNext\":true}" : "{}");
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                            } else if (measuring.get()) {
                                cycles.incrementAndGet();
                                if (counts[1] < rounds.length) {
                                    rounds[counts[1]++] = System.nanoTime() - started;
                                }
                            }
                        }
                        Matcher m = LEASE.matcher(response.body());
                        lease = response.statusCode() == 200 && m.find() ? m.group(1) : null;
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                }
                claimSamplesTrim(claims, counts[0]);
                claimSamplesTrim(rounds, counts[1]);
            });
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double rate = cycles.get() / (elapsed / 1e9);
        System.out.printf("%smode=%s workers=%d cycles=%d rate=%.0f/s errors=%d%n", label,
                chained ? "chained" : "separate", workers, cycles.get(), rate, errors.get());
        System.out.println(label + "complete" + (chained ? "+claimNext" : "") + " latency " + percentiles(cycleSamples));
        if (!chained) {
            System.out.println(label + "claim latency " + percentiles(claimSamples));
        }
    }

    static void claimSamplesTrim(long[] samples, int used) {
        Arrays.fill(samples, used, samples.length, -1);
    }

    static String percentiles(List<long[]> all) {
        long[] merged = all.stream().flatMapToLong(Arrays::stream).filter(v -> v >= 0).sorted().toArray();
        if (merged.length == 0) {
            return "(no samples)";
        }
        return String.format("n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms", merged.length,
                merged[merged.length / 2] / 1e6, merged[(int) (merged.length * 0.90)] / 1e6,
                merged[(int) (merged.length * 0.99)] / 1e6, merged[merged.length - 1] / 1e6);
    }

    /** Idle long-polling workers; one message at a time through Kafka; time from send to the claim's answer. */
    static void latency(String base, String admin, String bootstrap, String prefix, int samples) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("linger.ms", "0");
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props);
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[samples];
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(samples);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> pollers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String worker = "idle-" + w;
            String bearer = token(base, admin, worker);
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        HttpResponse<String> r = post(base + "/v1/claims", bearer,
                                "{\"workerId\":\"" + worker + "\",\"waitMs\":30000}");
                        long now = System.nanoTime();
                        if (r.statusCode() != 200) {
                            continue;
                        }
                        Matcher m = MESSAGE.matcher(r.body());
                        Matcher l = LEASE.matcher(r.body());
                        if (m.find() && l.find()) {
                            Long sent = sentAt.remove(m.group(1));
                            if (sent != null) {
                                int i = (int) received.getAndIncrement();
                                if (i < samples) {
                                    latencies[i] = now - sent;
                                }
                                done.countDown();
                            }
                            post(base + "/v1/leases/" + l.group(1) + "/complete", bearer, "{}");
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            t.setDaemon(true);
            pollers.add(t);
            t.start();
        }
        Thread.sleep(1000);
        for (int i = 0; i < samples; i++) {
            String id = "lat:" + UUID.randomUUID();
            String conversation = "lat-conv-" + i;
            String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"message.enqueued\",\"occurredAt\":\""
                    + java.time.Instant.now() + "\",\"source\":\"ingress-service\",\"subject\":\"" + conversation
                    + "\",\"schemaVersion\":1,\"data\":{\"messageId\":\"" + id + "\",\"workspaceId\":\"default\","
                    + "\"agentKey\":\"support-en\",\"conversationId\":\"" + conversation + "\",\"priority\":5,"
                    + "\"origin\":\"api\",\"receivedAt\":\"" + java.time.Instant.now() + "\",\"payload\":{\"kind\":\"api\",\"text\":\"hi\"}}}";
            sentAt.put(id, System.nanoTime());
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(prefix + "af.messages.enqueued.v1",
                    conversation, event));
            Thread.sleep(50);
        }
        done.await(60, java.util.concurrent.TimeUnit.SECONDS);
        stop.set(true);
        producer.close();
        System.out.println("enqueue(Kafka send)->claim latency " + percentiles(List.of(
                Arrays.copyOf(latencies, (int) Math.min(samples, received.get())))));
    }
}
