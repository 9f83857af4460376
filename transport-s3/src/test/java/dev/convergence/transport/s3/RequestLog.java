package dev.convergence.transport.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records every HTTP request the SDK sends (retries included) as {@code METHOD /path?query}. */
final class RequestLog implements ExecutionInterceptor {

    private final List<String> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        var request = context.httpRequest();
        requests.add(request.method() + " " + request.encodedPath()
                + (request.rawQueryParameters().isEmpty() ? "" : "?" + String.join("&", request.rawQueryParameters().keySet())));
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }
}
