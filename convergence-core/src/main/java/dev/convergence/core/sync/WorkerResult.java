package dev.convergence.core.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for a worker's result and rethrows its failure as the worker threw it. */
final class WorkerResult {

    private WorkerResult() {
    }

    static <T> T await(Future<T> f, String doing) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + doing);
        } catch (ExecutionException e) {
            throw asThrown(e.getCause());
        }
    }

    /**
     * A failure caught on another thread, to be thrown here as it was thrown there: unchecked
     * exceptions and errors are thrown by this method, an I/O exception is returned as it is and
     * anything else wrapped in one.
     */
    static IOException asThrown(Throwable c) {
        if (c instanceof RuntimeException re) {
            throw re;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return c instanceof IOException io ? io : new IOException(c);
    }
}
