package io.panels.view.client;

/** data-service answered with a server error: counts against the circuit breaker like a timeout. */
public class DataServiceUnavailable extends RuntimeException {

    public DataServiceUnavailable(String message) {
        super(message);
    }
}
