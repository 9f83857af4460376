package dev.convergence.transport.s3;

import org.gaul.s3proxy.PutOptions2;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * Makes s3proxy's conditional PUT atomic, as Amazon S3's is. s3proxy 3.0.0 emulates
 * {@code If-Match}/{@code If-None-Match} on the transient store as a HEAD then a PUT, so two
 * racing writers can both pass; this store re-checks the condition and writes under one lock.
 * s3proxy maps the 412 thrown here to {@code PreconditionFailed}.
 */
final class AtomicConditionalPuts extends ForwardingBlobStore {

    AtomicConditionalPuts(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public synchronized String putBlob(String container, Blob blob) {
        return super.putBlob(container, blob);
    }

    @Override
    public synchronized String putBlob(String container, Blob blob, PutOptions options) {
        if (options instanceof PutOptions2 conditional) {
            BlobMetadata current = delegate().blobMetadata(container, blob.getMetadata().getName());
            String ifNoneMatch = conditional.getIfNoneMatch();
            String ifMatch = conditional.getIfMatch();
            if ("*".equals(ifNoneMatch) && current != null) {
                throw preconditionFailed();
            }
            if (ifMatch != null && (current == null || !unquote(ifMatch).equals(unquote(current.getETag())))) {
                throw preconditionFailed();
            }
        }
        return super.putBlob(container, blob, options);
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    private static HttpResponseException preconditionFailed() {
        return new HttpResponseException("precondition failed", null,
                HttpResponse.builder().statusCode(412).message("Precondition Failed").build());
    }
}
