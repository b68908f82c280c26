import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Local dev helper for deploy/local/up.sh (not part of the Maven build). Runs with the broker's
 * own jars on the class path, so one JVM both awaits the broker and creates the contract topics:
 *
 * <pre>
 *   java -cp "libs/*" CreateTopics.java [--bootstrap 127.0.0.1:9092] [--wait-seconds 60]
 *        [--pid PID] [--quiet] name:partitions[:compact] ...
 * </pre>
 *
 * 1. waits until the broker answers (listTopics and a registered broker node); gives up after
 *    --wait-seconds, or at once when the process --pid has died (exit 2);
 * 2. creates the topics that are missing (replication factor 1, cleanup.policy=compact for the
 *    ":compact" ones) and leaves existing ones alone (exit 1 on a creation error);
 * 3. prints one line per requested topic: name, partitions, cleanup.policy, and warns when an
 *    existing topic differs from the requested spec.
 */
public class CreateTopics {

    record Spec(String name, int partitions, boolean compact) {
        String policy() {
            return compact ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
        }
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = "127.0.0.1:9092";
        long waitSeconds = 60;
        long pid = -1;
        boolean quiet = false;
        Map<String, Spec> specs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--wait-seconds" -> waitSeconds = Long.parseLong(args[++i]);
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--quiet" -> quiet = true;
                default -> {
                    String[] p = args[i].split(":");
                    if (p.length < 2 || p.length > 3 || (p.length == 3 && !p[2].equals("compact"))) {
                        System.err.println("bad topic spec '" + args[i] + "', want name:partitions[:compact]");
                        System.exit(64);
                    }
                    specs.put(p[0], new Spec(p[0], Integer.parseInt(p[1]), p.length == 3));
                }
            }
        }

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "af-local-create-topics");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "200");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "200");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        try (Admin admin = Admin.create(props)) {
            // 1. await the broker
            Set<String> existing = null;
            Exception last = null;
            while (existing == null) {
                try {
                    if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        throw new IllegalStateException("no broker registered yet");
                    }
                    existing = admin.listTopics().names().get(3, TimeUnit.SECONDS);
                } catch (Exception e) {
                    last = e;
                    if (pid > 0 && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        System.err.println("broker process " + pid + " is gone");
                        System.exit(2);
                    }
                    if (System.nanoTime() > deadline) {
                        System.err.println("broker at " + bootstrap + " not ready after " + waitSeconds + " s: " + cause(last));
                        System.exit(2);
                    }
                    Thread.sleep(300);
                }
            }

            // 2. create the missing topics (retrying while the just-started broker is still fenced)
            List<Spec> missing = new ArrayList<>();
            for (Spec s : specs.values()) {
                if (!existing.contains(s.name())) {
                    missing.add(s);
                }
            }
            List<String> created = new ArrayList<>();
            while (!missing.isEmpty()) {
                List<NewTopic> newTopics = new ArrayList<>();
                for (Spec s : missing) {
                    NewTopic t = new NewTopic(s.name(), s.partitions(), (short) 1);
                    if (s.compact()) {
                        t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    newTopics.add(t);
                }
                Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
                List<Spec> retry = new ArrayList<>();
                for (Spec s : missing) {
                    try {
                        results.get(s.name()).get(10, TimeUnit.SECONDS);
                        created.add(s.name());
                    } catch (ExecutionException | TimeoutException e) {
                        if (e.getCause() instanceof TopicExistsException) {
                            continue; // created concurrently: fine
                        }
                        last = e;
                        retry.add(s);
                    }
                }
                missing = retry;
                if (!missing.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        System.err.println("could not create " + missing + ": " + cause(last));
                        System.exit(1);
                    }
                    Thread.sleep(500);
                }
            }

            // 3. report (and check existing topics against the spec)
            if (specs.isEmpty()) {
                return;
            }
            // Freshly created topics take a moment to reach the broker's metadata cache and get a
            // leader: wait for that too, so that "ready" means producers can write at once.
            List<ConfigResource> resources = new ArrayList<>();
            for (String name : specs.keySet()) {
                resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name));
            }
            long describeDeadline = Math.max(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            Map<String, TopicDescription> descriptions = null;
            Map<ConfigResource, Config> configs = null;
            while (configs == null) {
                try {
                    descriptions = admin.describeTopics(specs.keySet()).allTopicNames().get(10, TimeUnit.SECONDS);
                    for (TopicDescription d : descriptions.values()) {
                        if (d.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                            throw new IllegalStateException("topic " + d.name() + " has partitions without a leader");
                        }
                    }
                    configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    if (System.nanoTime() > describeDeadline) {
                        System.err.println("topics not usable yet: " + cause(e));
                        System.exit(1);
                    }
                    Thread.sleep(300);
                }
            }
            int warnings = 0;
            for (Spec s : specs.values()) {
                int partitions = descriptions.get(s.name()).partitions().size();
                var entry = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()))
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG);
                String policy = entry == null ? "?" : entry.value();
                boolean ok = partitions == s.partitions() && s.policy().equals(policy);
                if (!ok) {
                    warnings++;
                }
                if (!quiet || !ok) {
                    System.out.printf("  %-28s partitions=%-3d cleanup.policy=%-8s %s%s%n", s.name(), partitions, policy,
                            created.contains(s.name()) ? "created" : "exists",
                            ok ? "" : "  WARNING: expected partitions=" + s.partitions() + " cleanup.policy=" + s.policy());
                }
            }
            if (quiet) {
                System.out.printf("  %d contract topics present (%d created now%s)%n", specs.size(), created.size(),
                        warnings == 0 ? "" : ", " + warnings + " differ from the spec");
            }
        }
    }

    private static String cause(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
