package dev.agentfactory.fakes.http;

/** Turns one request into one response; unexpected exceptions become a 500. */
@FunctionalInterface
public interface RequestHandler {

    HttpResponse handle(HttpRequest request) throws Exception;
}
