import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 *          modes (comma-separated, measured one after the other in this JVM):
 *            chained   each complete asks for the next message: one round trip per cycle;
 *            separate  a claim, then a complete;
 *          as fast as the service answers, or with @RATE (chained@3000) on a fixed schedule: the workers together
 *          start RATE cycles a second (chained workers hold their lease until their next slot, like workers busy
 *          with the message; separate ones claim at their slot and complete at once); a cycle's latency then runs
 *          from its scheduled start, so a service that falls behind shows it (a closed loop measures only its own
 *          queue: 64 workers at N cycles/s wait 64 / N seconds per cycle on average).
 *          With a reseed command, the warm-up is a run of its own (the service's and this driver's JIT compilers need
 *          about a minute of load), then before each mode the command restores the backlog, and the mode gets a
 *          3 s lead-in.
 *          With REFILL_JDBC (a JDBC URL, the PostgreSQL driver on the class path) and REFILL_CONVERSATIONS set, each
 *          measured mode keeps its backlog at the seeded level: see {@link Refill}.
 * latency: java -cp kafka-clients.jar:slf4j-api.jar HttpBench.java latency <baseUrl> <adminKey> <bootstrap> <topicPrefix> <samples>
 *          [socket|jdk [warm [warmGapMs]]]  the workers' HTTP client: socket (default) is {@link Connection}, which
 *          charges the service's latency with next to nothing of its own; jdk is the JDK's HttpClient, as the
 *          reference worker uses it, whose own hand-offs between threads add to the tail on a busy host. The first
 *          {@code warm} messages (default 100, ids {@code latwarm:…}), {@code warmGapMs} apart (default 50, the timed
 *          ones' pace), are not timed: they warm this JVM's producer and client, as a long-running worker is warm,
 *          and the service's idle path; after a faster warm-up a 3 s pause lets the last compilations finish. The
 *          timed ones are {@code lat:…}
 * freed:   java -cp kafka-clients.jar:slf4j-api.jar HttpBench.java freed <baseUrl> <adminKey> <samples>
 *          on a backlog of one conversation (at least 2 × (samples + 100) messages): a worker holds its head while
 *          another long-polls (nothing else is claimable), then the first completes without claimNext; time from
 *          sending that completion to the waiter holding its claim's answer, the next message of the conversation,
 *          after 100 untimed rounds; both workers on the socket client
 * kafka-hop: java -cp kafka-clients.jar:slf4j-api.jar HttpBench.java kafka-hop <bootstrap> <topicPrefix> <samples> [warm]
 *          the broker alone: a record sent as the latency mode sends one, to a plain consumer, no service; the floor
 *          of the idle enqueue-to-claim latency on this host, as pgbench's is the ceiling of the throughput (after
 *          {@code warm} untimed records, default 100, as in the latency mode)
 */
public class HttpBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern LEASE = Pattern.compile("\"leaseId\":\"([0-9a-f-]{36})\"");
    static final Pattern MESSAGE = Pattern.compile("\"messageId\":\"([^\"]+)\"");
    /** Untimed messages before the timed ones in the latency modes: a fresh JVM's first sends and claims are slow. */
    static final int WARM = 100;
    /** The timed messages' pace: one every 50 ms, so each finds the workers idle. */
    static final int TIMED_GAP_MS = 50;
    /** The pause after a faster warm-up: its last compilations finish before the timed messages start. */
    static final int SETTLE_MS = 3000;
    /** Message id prefix of the latency mode's timed messages. */
    static final String TIMED = "lat";
    /** Message id prefix of the untimed messages sent before them. */
    static final String UNTIMED = "latwarm";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("cycles")) {
            int workers = Integer.parseInt(args[3]);
            int warmup = Integer.parseInt(args[4]);
            int seconds = Integer.parseInt(args[5]);
            String[] modes = args[6].split(",");
            String[] reseed = Arrays.copyOfRange(args, 7, args.length);
            int leadIn = warmup;
            if (reseed.length > 0) {
                // as fast as answered, whatever the first mode's schedule: the point is to load the JIT compilers
                cycles(args[1], args[2], workers, 0, warmup, Mode.parse(modes[0]).unscheduled(), "(warm-up) ", null);
                leadIn = 3;
            }
            for (String mode : modes) {
                if (reseed.length > 0) { // every mode starts from the same backlog
                    reseed(reseed);
                }
                cycles(args[1], args[2], workers, leadIn, seconds, Mode.parse(mode), "", Refill.fromEnvironment());
            }
        } else if (args[0].equals("freed")) {
            freed(args[1], args[2], Integer.parseInt(args[3]));
        } else if (args[0].equals("kafka-hop")) {
            kafkaHop(args[1], args[2], Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : WARM);
        } else {
            String client = args.length > 6 ? args[6] : "socket";
            if (!client.equals("socket") && !client.equals("jdk")) {
                throw new IllegalArgumentException("the latency mode's client is socket or jdk, not " + client);
            }
            latency(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]), client,
                    args.length > 7 ? Integer.parseInt(args[7]) : WARM,
                    args.length > 8 ? Integer.parseInt(args[8]) : TIMED_GAP_MS);
        }
    }

    /**
     * Runs the reseed command, once more if it fails (the service may still be finishing the last requests of the
     * run before, and the reseed's locks can meet theirs); a second failure ends the benchmark.
     */
    static void reseed(String[] command) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit == 0) {
                return;
            }
            if (attempt == 2) {
                throw new IllegalStateException("reseed command failed twice, last exit code " + exit);
            }
            System.out.println("reseed command failed (exit " + exit + "); once more");
            Thread.sleep(1000);
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

    /** How the workers drive the service; {@code cyclesPerSecond} 0 means as fast as it answers. */
    record Mode(String name, boolean chained, double cyclesPerSecond) {
        static Mode parse(String text) {
            String[] parts = text.split("@", 2);
            if (!parts[0].equals("chained") && !parts[0].equals("separate")) {
                throw new IllegalArgumentException("unknown mode " + text);
            }
            return new Mode(text, parts[0].equals("chained"), parts.length == 2 ? Double.parseDouble(parts[1]) : 0);
        }

        Mode unscheduled() {
            return new Mode(chained ? "chained" : "separate", chained, 0);
        }
    }

    static void cycles(String base, String admin, int workers, int warmup, int seconds, Mode mode, String label,
                       Refill refill) throws Exception {
        boolean chained = mode.chained();
        // on a schedule, each worker starts a cycle every `interval`, the workers' schedules spread evenly over it
        long interval = mode.cyclesPerSecond() > 0 ? (long) (workers * 1e9 / mode.cyclesPerSecond()) : 0;
        long[] scheduleStart = new long[1]; // set when the threads start, after every worker has its token
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
            long offset = interval * w / workers;
            Thread t = new Thread(() -> {
                try (Connection http = new Connection(URI.create(base), bearer)) {
                    String lease = null;
                    String claimBody = "{\"workerId\":\"" + worker + "\",\"waitMs\":1000}";
                    long due = scheduleStart[0] + offset;
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        int status;
                        if (interval > 0 && (lease == null || chained)) { // the call that starts a cycle
                            while (due > started) {
                                java.util.concurrent.locks.LockSupport.parkNanos(due - started);
                                started = System.nanoTime();
                            }
                            started = due; // late starts count against the service: the schedule does not wait
                            due += interval;
                        }
                        if (lease == null) {
                            status = http.post("/v1/claims", claimBody);
                            if (measuring.get() && counts[0] < claims.length) {
                                claims[counts[0]++] = System.nanoTime() - started;
                            }
                        } else {
                            status = http.post("/v1/leases/" + lease + "/complete", chained ? "{\"claimNext\":true}" : "{}");
                            if (status != 200) {
                                errors.incrementAndGet();
                            } else if (refill != null) {
                                refill.completed.incrementAndGet();
                            }
                            if (status == 200 && measuring.get()) {
                                cycles.incrementAndGet();
                                if (counts[1] < rounds.length) {
                                    rounds[counts[1]++] = System.nanoTime() - started;
                                }
                            }
                        }
                        Matcher m = LEASE.matcher(http.body);
                        lease = status == 200 && m.find() ? m.group(1) : null;
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
        scheduleStart[0] = System.nanoTime();
        if (refill != null) {
            refill.start();
        }
        threads.forEach(Thread::start);
        Thread.sleep(warmup * 1000L);
        measuring.set(true);
        long t0 = System.nanoTime();
        long driverCpu0 = driverCpuNanos();
        long serviceCpu0 = serviceCpuNanos();
        long postgresCpu0 = postgresCpuNanos();
        long kafkaCpu0 = kafkaBrokerCpuNanos();
        long[] machine0 = machineTicks();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - t0;
        double driverCores = (driverCpuNanos() - driverCpu0) / (double) elapsed;
        long serviceCpu1 = serviceCpuNanos();
        double serviceCores = serviceCpu0 < 0 || serviceCpu1 < 0 ? -1 : (serviceCpu1 - serviceCpu0) / (double) elapsed;
        double postgresCores = (postgresCpuNanos() - postgresCpu0) / (double) elapsed;
        double kafkaCores = (kafkaBrokerCpuNanos() - kafkaCpu0) / (double) elapsed;
        long[] machine1 = machineTicks();
        double machineCores = (machine1[0] - machine0[0]) * 10_000_000.0 / elapsed;
        double machineIdle = (machine1[1] - machine0[1]) * 10_000_000.0 / elapsed;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        String level = refill == null ? "" : " " + refill.stop();
        double rate = cycles.get() / (elapsed / 1e9);
        System.out.printf("%smode=%s workers=%d cycles=%d rate=%.0f/s errors=%d%s%n", label,
                mode.name(), workers, cycles.get(), rate, errors.get(), level);
        System.out.println(label + "complete" + (chained ? "+claimNext" : "") + " latency " + percentiles(cycleSamples));
        if (!chained) {
            System.out.println(label + "claim latency " + percentiles(claimSamples));
        }
        System.out.printf("%sCPU: driver %.2f cores, service %s, PostgreSQL %.2f cores, Kafka broker %.2f cores,"
                + " machine %.2f busy / %.2f idle%n", label, driverCores,
                serviceCores < 0 ? "unknown (no SERVICE_PID)" : String.format("%.2f cores", serviceCores),
                postgresCores, kafkaCores, machineCores, machineIdle);
        System.out.printf("%sCPU per cycle: driver %.3f ms, service %s, PostgreSQL %.3f ms, Kafka broker %.3f ms,"
                + " machine %.3f ms%n", label, perCycleMs(driverCores, rate),
                serviceCores < 0 ? "unknown" : String.format("%.3f ms", perCycleMs(serviceCores, rate)),
                perCycleMs(postgresCores, rate), perCycleMs(kafkaCores, rate), perCycleMs(machineCores, rate));
    }

    /**
     * Holds a backlog at its level while it is worked off: every 50 ms, one new queued message for each message
     * completed since, each in a different conversation picked at random among the seeded ones, written straight
     * to the tables as the service's enqueue writes them (message row; the conversation's tail, count and, when
     * it had none, head) in one statement. Conversations locked at that moment are skipped ({@code SKIP LOCKED},
     * so the refill never waits on the service's transactions and cannot deadlock with them); the shortfall is
     * carried to the next round. The refill costs the database the same at every level, so levels compare.
     */
    static final class Refill {
        private static final String INSERT = "WITH pick AS (SELECT conversation_id FROM queue.conversations"
                + " WHERE conversation_id = ANY(?) ORDER BY conversation_id FOR UPDATE SKIP LOCKED),"
                + " added AS (INSERT INTO queue.messages (message_id, workspace_id, agent_key, conversation_id,"
                + " priority, status, available_at, origin, payload)"
                + " SELECT ? || ':' || row_number() OVER (), 'default', 'support-en', conversation_id,"
                + " floor(random() * 10)::smallint, 'queued', now(), 'api', '{\"kind\":\"api\",\"text\":\"refill\"}'"
                + " FROM pick RETURNING seq, conversation_id, priority, available_at)"
                + " UPDATE queue.conversations c SET tail_seq = greatest(c.tail_seq, a.seq), queued = c.queued + 1,"
                + " head_seq = coalesce(c.head_seq, a.seq),"
                + " head_priority = CASE WHEN c.head_seq IS NULL THEN a.priority ELSE c.head_priority END,"
                + " head_available_at = CASE WHEN c.head_seq IS NULL THEN a.available_at ELSE c.head_available_at END"
                + " FROM added a WHERE c.conversation_id = a.conversation_id";

        final AtomicLong completed = new AtomicLong();
        private final String url;
        private final int conversations;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final java.util.Random random = new java.util.Random(42);
        private Thread thread;
        private long added;
        private long rounds;

        private Refill(String url, int conversations) {
            this.url = url;
            this.conversations = conversations;
        }

        static Refill fromEnvironment() {
            String url = System.getenv("REFILL_JDBC");
            return url == null || url.isEmpty() ? null
                    : new Refill(url, Integer.parseInt(System.getenv("REFILL_CONVERSATIONS")));
        }

        void start() {
            thread = new Thread(() -> {
                try (java.sql.Connection db = java.sql.DriverManager.getConnection(url);
                     java.sql.PreparedStatement insert = db.prepareStatement(INSERT)) {
                    while (!stop.get()) {
                        Thread.sleep(50);
                        // at most half the conversations a round, so that drawing distinct ones at random stays quick
                        int wanted = (int) Math.min(completed.get() - added, Math.min(2_000, conversations / 2));
                        if (wanted <= 0) {
                            continue;
                        }
                        insert.setArray(1, db.createArrayOf("text", pickConversations(wanted)));
                        insert.setString(2, "refill:" + System.nanoTime());
                        added += insert.executeUpdate();
                        rounds++;
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "refill");
            thread.start();
        }

        private String[] pickConversations(int count) {
            java.util.Set<String> picked = new java.util.LinkedHashSet<>();
            while (picked.size() < count) {
                picked.add("conv-" + random.nextInt(conversations));
            }
            return picked.toArray(String[]::new);
        }

        /** Stops refilling; describes what it did. */
        String stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            return String.format("refilled=%d (in %d rounds; %d completions not replaced)", added, rounds,
                    completed.get() - added);
        }
    }

    static long driverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Clock ticks (10 ms) of all CPUs from /proc/stat: busy (everything but idle and iowait), and idle + iowait. */
    static long[] machineTicks() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]);
            }
            return new long[] {busy, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    static double perCycleMs(double cores, double cyclesPerSecond) {
        return cyclesPerSecond == 0 ? 0 : cores / cyclesPerSecond * 1000;
    }

    /** CPU time of the process named by SERVICE_PID, or -1 when unknown. */
    static long serviceCpuNanos() {
        String pid = System.getenv("SERVICE_PID");
        return pid == null ? -1 : processCpuNanos(pid, false);
    }

    /**
     * CPU time of every PostgreSQL process on this machine, with what each has reaped from its children: a backend
     * or an autovacuum worker that ends within the window is still counted, in the postmaster's share.
     */
    static long postgresCpuNanos() {
        return matchingCpuNanos(pid -> readProc(pid, "comm").trim().equals("postgres"));
    }

    /** CPU time of the Kafka broker (a JVM running kafka.Kafka) on this machine. */
    static long kafkaBrokerCpuNanos() {
        return matchingCpuNanos(pid -> readProc(pid, "cmdline").contains("kafka.Kafka"));
    }

    static long matchingCpuNanos(java.util.function.Predicate<String> matches) {
        String[] pids = new java.io.File("/proc").list((dir, name) -> name.chars().allMatch(Character::isDigit));
        long total = 0;
        for (String pid : pids == null ? new String[0] : pids) {
            if (matches.test(pid)) {
                total += Math.max(0, processCpuNanos(pid, true));
            }
        }
        return total;
    }

    /** Linux /proc: user + system time (clock ticks of 10 ms), with the reaped children's if asked; -1 if gone. */
    static long processCpuNanos(String pid, boolean withReapedChildren) {
        String stat = readProc(pid, "stat");
        if (stat.isEmpty()) {
            return -1;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withReapedChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks * 10_000_000L;
    }

    /** A /proc file of a process, or "" when the process has gone or is not ours to read. */
    static String readProc(String pid, String file) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, file));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A worker's HTTP client: POST a JSON body to a path of the service, then read the answer's body. */
    interface Client extends AutoCloseable {
        int post(String path, String json) throws Exception;

        String body();
    }

    /** The JDK's HttpClient behind {@link Client}: what the reference worker claims with. */
    static final class JdkClient implements Client {
        private final String base;
        private final String bearer;
        private String body = "";

        JdkClient(String base, String bearer) {
            this.base = base;
            this.bearer = bearer;
        }

        @Override
        public int post(String path, String json) throws Exception {
            HttpResponse<String> response = HttpBench.post(base + path, bearer, json);
            body = response.body();
            return response.statusCode();
        }

        @Override
        public String body() {
            return body;
        }

        @Override
        public void close() {
        }
    }

    /**
     * One worker's keep-alive HTTP/1.1 connection, written and read by hand: the JDK client costs more CPU per
     * request than the service's own handling, and on 2 shared cores the driver's CPU is taken from the service.
     */
    static final class Connection implements Client {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String fixedHeaders;
        String body = "";

        Connection(URI base, String bearer) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            fixedHeaders = "Host: " + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: " + bearer
                    + "\r\nContent-Type: application/json\r\nContent-Length: ";
        }

        /** Sends a POST and reads the whole answer; returns the status, leaves the body in {@link #body}. */
        @Override
        public int post(String path, String json) throws IOException {
            byte[] content = json.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST " + path + " HTTP/1.1\r\n" + fixedHeaders + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + content.length);
            System.arraycopy(content, 0, request, head.length, content.length);
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    all.write(in.readNBytes(size));
                    line();
                }
                line();
                body = all.toString(StandardCharsets.UTF_8);
            } else {
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return status;
        }

        @Override
        public String body() {
            return body;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed by the service");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
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

    /** See the class comment, mode freed. */
    static void freed(String base, String admin, int samples) throws Exception {
        long[] latencies = new long[samples];
        try (Connection holder = new Connection(URI.create(base), token(base, admin, "freed-holder"));
             Connection waiter = new Connection(URI.create(base), token(base, admin, "freed-waiter"))) {
            for (int round = 0; round < WARM + samples; round++) {
                if (holder.post("/v1/claims", "{\"workerId\":\"freed-holder\",\"waitMs\":0}") != 200) {
                    throw new IllegalStateException("the holder found no message: the backlog is too short");
                }
                String held = lease(holder.body());
                long[] answeredAt = new long[1];
                String[] answer = new String[1];
                Thread waiting = new Thread(() -> {
                    try {
                        int status = waiter.post("/v1/claims", "{\"workerId\":\"freed-waiter\",\"waitMs\":20000}");
                        answeredAt[0] = System.nanoTime();
                        answer[0] = status == 200 ? waiter.body() : null;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                waiting.start();
                Thread.sleep(50); // the claim is waiting: the conversation's only claimable message is held
                long sent = System.nanoTime();
                holder.post("/v1/leases/" + held + "/complete", "{}");
                waiting.join();
                if (answer[0] == null) {
                    throw new IllegalStateException("the waiter got no message");
                }
                if (round >= WARM) {
                    latencies[round - WARM] = answeredAt[0] - sent;
                }
                waiter.post("/v1/leases/" + lease(answer[0]) + "/complete", "{}");
            }
        }
        System.out.println("complete -> freed message claimed by a waiting worker (socket client) "
                + percentiles(List.of(latencies)));
    }

    static String lease(String body) {
        Matcher m = LEASE.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no lease in " + body);
        }
        return m.group(1);
    }

    /**
     * Idle long-polling workers; one message at a time through Kafka; time from send to the claim's answer, after
     * {@code warm} untimed messages.
     */
    static void latency(String base, String admin, String bootstrap, String prefix, int samples, String client,
                        int warm, int warmGapMs) throws Exception {
        var producer = producer(bootstrap);
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[samples];
        AtomicLong received = new AtomicLong();
        ConcurrentHashMap<String, java.time.Instant> answeredAt = new ConcurrentHashMap<>();
        CountDownLatch warmed = new CountDownLatch(warm);
        CountDownLatch done = new CountDownLatch(samples);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> pollers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String worker = "idle-" + w;
            String bearer = token(base, admin, worker);
            Thread t = new Thread(() -> {
                try (Client http = client.equals("jdk") ? new JdkClient(base, bearer)
                        : new Connection(URI.create(base), bearer)) {
                    while (!stop.get()) {
                        int status = http.post("/v1/claims", "{\"workerId\":\"" + worker + "\",\"waitMs\":30000}");
                        long now = System.nanoTime();
                        java.time.Instant answered = java.time.Instant.now();
                        if (status != 200) {
                            continue;
                        }
                        Matcher m = MESSAGE.matcher(http.body());
                        Matcher l = LEASE.matcher(http.body());
                        if (m.find() && l.find()) {
                            Long sent = sentAt.remove(m.group(1));
                            if (sent != null && m.group(1).startsWith(TIMED + ":")) {
                                int i = (int) received.getAndIncrement();
                                if (i < samples) {
                                    latencies[i] = now - sent;
                                    answeredAt.put(m.group(1), answered);
                                }
                                done.countDown();
                            } else if (sent != null) {
                                warmed.countDown();
                            }
                            http.post("/v1/leases/" + l.group(1) + "/complete", "{}");
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
        sendEnqueued(producer, prefix, UNTIMED, warm, warmGapMs, sentAt);
        warmed.await(120, java.util.concurrent.TimeUnit.SECONDS);
        if (warmGapMs < TIMED_GAP_MS) {
            Thread.sleep(SETTLE_MS);
        }
        sendEnqueued(producer, prefix, TIMED, samples, TIMED_GAP_MS, sentAt);
        done.await(60, java.util.concurrent.TimeUnit.SECONDS);
        stop.set(true);
        producer.close();
        System.out.println("enqueue(Kafka send)->claim latency (" + client + " client) " + percentiles(List.of(
                Arrays.copyOf(latencies, (int) Math.min(samples, received.get())))));
        System.out.println("  of which claimed -> answered (" + client + " client) "
                + percentiles(List.of(claimToAnswer(base, admin, answeredAt))));
    }

    /**
     * The last leg of each timed message: from the start of its claim's transaction ({@code claimedAt}, as the
     * service reports the message) to the worker holding the answer; the same host's clock on both sides.
     */
    static long[] claimToAnswer(String base, String admin, Map<String, java.time.Instant> answeredAt) throws Exception {
        Pattern claimedAt = Pattern.compile("\"claimedAt\":\"([^\"]+)\"");
        long[] legs = new long[answeredAt.size()];
        int n = 0;
        for (var entry : answeredAt.entrySet()) {
            String view = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/messages/" + entry.getKey()))
                    .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = claimedAt.matcher(view);
            if (m.find()) {
                legs[n++] = Duration.between(java.time.Instant.parse(m.group(1)), entry.getValue()).toNanos();
            }
        }
        return Arrays.copyOf(legs, n);
    }

    /** {@code count} enqueued events as ingress publishes them, {@code gapMs} apart, each in a conversation of its own. */
    static void sendEnqueued(org.apache.kafka.clients.producer.KafkaProducer<String, String> producer, String prefix,
                             String kind, int count, int gapMs, ConcurrentHashMap<String, Long> sentAt) throws Exception {
        for (int i = 0; i < count; i++) {
            String id = kind + ":" + UUID.randomUUID();
            String conversation = kind + "-conv-" + i;
            String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"message.enqueued\",\"occurredAt\":\""
                    + java.time.Instant.now() + "\",\"source\":\"ingress-service\",\"subject\":\"" + conversation
                    + "\",\"schemaVersion\":1,\"data\":{\"messageId\":\"" + id + "\",\"workspaceId\":\"default\","
                    + "\"agentKey\":\"support-en\",\"conversationId\":\"" + conversation + "\",\"priority\":5,"
                    + "\"origin\":\"api\",\"receivedAt\":\"" + java.time.Instant.now() + "\",\"payload\":{\"kind\":\"api\",\"text\":\"hi\"}}}";
            sentAt.put(id, System.nanoTime());
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(prefix + "af.messages.enqueued.v1",
                    conversation, event));
            Thread.sleep(gapMs);
        }
    }

    /** As ingress sends: every replica acknowledges, nothing lingers. */
    static org.apache.kafka.clients.producer.KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("linger.ms", "0");
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        return new org.apache.kafka.clients.producer.KafkaProducer<>(props);
    }

    /**
     * One record every 50 ms to a fresh topic; time from send to a plain consumer's poll returning it, after
     * {@code warm} untimed records.
     */
    static void kafkaHop(String bootstrap, String prefix, int samples, int warm) throws Exception {
        String topic = prefix + "bench.kafka-hop." + UUID.randomUUID();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", topic);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        try (var producer = producer(bootstrap);
             var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "first")).get(); // creates the topic
            consumer.subscribe(List.of(topic));
            long[] latencies = new long[samples];
            int received = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.poll(Duration.ofMillis(500)); // the first record, so only timed ones follow
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < warm + samples; i++) {
                        Thread.sleep(50);
                        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                                (i < warm ? "warm:" : "") + System.nanoTime()));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            while (received < samples && System.nanoTime() < deadline + (warm + samples) * 100_000_000L) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (!r.value().equals("first") && !r.value().startsWith("warm:") && received < samples) {
                        latencies[received++] = System.nanoTime() - Long.parseLong(r.value());
                    }
                }
            }
            sender.join();
            System.out.println("Kafka alone (send->poll) " + percentiles(List.of(Arrays.copyOf(latencies, received))));
        }
    }
}
