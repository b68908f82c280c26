package dev.agentfactory.fakes.fly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentfactory.fakes.http.HttpRequest;
import dev.agentfactory.fakes.http.HttpResponse;
import dev.agentfactory.fakes.http.Json;
import java.util.regex.Pattern;

/** {@code /v1/apps[/{app}]}. */
final class AppHandlers {

    static final String DEFAULT_ORG = "personal";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    private final FlyState state;

    AppHandlers(FlyState state) {
        this.state = state;
    }

    HttpResponse list(HttpRequest request) {
        String org = request.queryParam("org_slug");
        synchronized (state) {
            ObjectNode result = Json.object();
            ArrayNode apps = Json.array();
            for (FakeApp app : state.apps()) {
                if (org == null || org.isEmpty() || org.equals(app.orgSlug)) {
                    apps.addObject().put("id", app.id).put("name", app.name)
                            .put("machine_count", app.machines.values().stream().filter(m -> !m.destroyed()).count())
                            .put("network", "default");
                }
            }
            result.put("total_apps", apps.size());
            result.set("apps", apps);
            return HttpResponse.json(200, result);
        }
    }

    /** POST {@code {app_name, org_slug}}: 201. */
    HttpResponse create(HttpRequest request) {
        ObjectNode body = FlyRequests.body(request);
        String name = FlyRequests.text(body, "app_name");
        String org = FlyRequests.text(body, "org_slug");
        if (name == null || !NAME.matcher(name).matches()) {
            throw FlyException.badRequest("invalid app_name: lowercase letters, digits and dashes, 2-63 characters");
        }
        if (org == null || org.isBlank()) {
            throw FlyException.badRequest("org_slug is required");
        }
        synchronized (state) {
            return HttpResponse.json(201, FlyJson.app(state.createApp(name, org)));
        }
    }

    HttpResponse get(String appName) {
        synchronized (state) {
            return HttpResponse.json(200, FlyJson.app(state.app(appName)));
        }
    }

    HttpResponse delete(String appName) {
        synchronized (state) {
            state.deleteApp(appName);
            return HttpResponse.empty(202);
        }
    }
}
