package dev.agentfactory.fakes.fly;

import dev.agentfactory.fakes.http.RequestHandler;

/**
 * A resolved API call.
 *
 * @param action  the rate-limited action, e.g. {@code machine.stop}
 * @param scope   what the limit is counted against: the machine, volume or app (or the org for app listing)
 * @param handler what answers it
 */
record FlyRoute(String action, String scope, RequestHandler handler) {
}
