package dev.agentfactory.system;

import java.util.HashMap;
import java.util.Map;

/** How the services find each other and the fakes in a system run: one place, per service. */
final class Wiring {

    private Wiring() {
    }

    static Map<String, String> of(String service, SystemStack stack) {
        Map<String, String> properties = new HashMap<>();
        switch (service) {
            case "skills" -> properties.put("af.telegram.api-base-url", stack.telegram.baseUrl());
            case "queue" -> {
                properties.put("quarkus.rest-client.skills.url", stack.url("skills"));
                properties.put("af.queue.snapshots.dir", stack.workDir.resolve("snapshots").toString());
            }
            case "scheduler" -> {
                properties.put("quarkus.rest-client.skills.url", stack.url("skills"));
                properties.put("af.scheduler.worker.queue-url", stack.url("queue"));
                properties.put("af.scheduler.worker.skills-url", stack.url("skills"));
            }
            case "provider" -> {
                properties.put("af.provider.driver", "local");
                properties.put("af.provider.skills.base-url", stack.url("skills"));
                properties.put("af.provider.local.worker-command",
                        "java -jar " + stack.repo.resolve("reference-worker/target/reference-worker.jar"));
                properties.put("af.provider.local.state-dir", stack.workDir.resolve("machines").toString());
            }
            default -> {
            }
        }
        return properties;
    }
}
