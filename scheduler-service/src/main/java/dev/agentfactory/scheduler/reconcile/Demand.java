package dev.agentfactory.scheduler.reconcile;

/** Demand summed over workspaces, from the depth projection. Conversations drive capacity; messages inform. */
public record Demand(int readyConversations, int busyConversations, int readyMessages, int workspaces) {

    public static final Demand NONE = new Demand(0, 0, 0, 0);

    public int conversationsWithWork() {
        return readyConversations + busyConversations;
    }
}
