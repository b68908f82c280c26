package dev.agentfactory.fakes.fly;

/**
 * Fly's published Machines API limits: per action and per machine (or app), {@code perSecond} with bursts
 * to {@code burst}; get-machine has its own, higher limit.
 *
 * @param enabled      false turns the limiter off
 * @param perSecond    sustained rate of most actions
 * @param burst        bucket size of most actions
 * @param getPerSecond sustained rate of get-machine
 * @param getBurst     bucket size of get-machine
 */
public record RateLimitPolicy(boolean enabled, double perSecond, int burst, double getPerSecond, int getBurst) {

    /** 1 request/s bursting to 3; get-machine 5/s bursting to 10. */
    public static final RateLimitPolicy FLY = new RateLimitPolicy(true, 1, 3, 5, 10);
    public static final RateLimitPolicy DISABLED = new RateLimitPolicy(false, 1, 3, 5, 10);
}
