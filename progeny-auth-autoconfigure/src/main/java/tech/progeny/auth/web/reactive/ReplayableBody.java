package tech.progeny.auth.web.reactive;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * The body of one request, kept as the bytes that went out on its first send, so that it
 * can be sent a second time without writing the request's {@link BodyInserter} again: a
 * body from a publisher that can be subscribed to only once, or from data buffers that
 * were released once written, is then replayed as it was sent.
 * <p>
 * A body is replayable when the request has none, or when it was written whole, with
 * {@code writeWith}, before the answer came, and is no larger than
 * {@link #MAX_BYTES}. A streamed body ({@code writeAndFlushWith}) is never replayable.
 */
final class ReplayableBody {

	/**
	 * Largest body kept for a replay, as Spring's codecs buffer by default.
	 */
	static final int MAX_BYTES = 256 * 1024;

	/**
	 * The body of every request without one; it records nothing, so one instance serves all.
	 */
	private static final ReplayableBody NONE = new ReplayableBody(BodyInserters.empty());

	private final BodyInserter<?, ? super ClientHttpRequest> inserter;

	private final boolean empty;

	private volatile @Nullable Sent sent;

	private ReplayableBody(BodyInserter<?, ? super ClientHttpRequest> inserter) {
		this.inserter = inserter;
		this.empty = (inserter == BodyInserters.<ClientHttpRequest>empty());
	}

	static ReplayableBody of(ClientRequest request) {
		BodyInserter<?, ? super ClientHttpRequest> inserter = request.body();
		return (inserter == NONE.inserter) ? NONE : new ReplayableBody(inserter);
	}

	/**
	 * Return the inserter for the first send: the request's own, keeping what it writes.
	 * A request without a body keeps its own inserter.
	 */
	BodyInserter<?, ? super ClientHttpRequest> recording() {
		if (this.empty) {
			return this.inserter;
		}
		return (ClientHttpRequest message, BodyInserter.Context context) -> this.inserter
			.insert(new RecordingRequest(message), context);
	}

	boolean isReplayable() {
		return this.empty || this.sent != null;
	}

	/**
	 * Return the inserter for the replay, which writes the bytes and headers of the first
	 * send.
	 * @throws IllegalStateException if the body is not {@link #isReplayable() replayable}
	 */
	BodyInserter<?, ? super ClientHttpRequest> replay() {
		if (this.empty) {
			return this.inserter;
		}
		Sent body = this.sent;
		if (body == null) {
			throw new IllegalStateException("The body was not sent whole, so it cannot be sent again");
		}
		return (ClientHttpRequest message, BodyInserter.Context context) -> {
			HttpHeaders headers = message.getHeaders();
			body.headers().forEach((name, values) -> {
				if (!headers.containsHeader(name)) {
					headers.addAll(name, values);
				}
			});
			return (body.bytes().length == 0) ? message.setComplete()
					: message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(body.bytes())));
		};
	}

	/**
	 * What the first send wrote: the bytes, and the headers that its inserter may have set
	 * on the message, such as the content type, but never the {@code Authorization}.
	 */
	private record Sent(byte[] bytes, HttpHeaders headers) {

		static Sent of(byte[] bytes, HttpHeaders written) {
			HttpHeaders headers = new HttpHeaders();
			written.forEach((name, values) -> {
				if (!HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)) {
					headers.addAll(name, values);
				}
			});
			return new Sent(bytes, headers);
		}

	}

	/**
	 * Copies what the inserter writes as it goes out, until the body completes or grows
	 * past the limit.
	 */
	private final class RecordingRequest extends ClientHttpRequestDecorator {

		private byte[] bytes = new byte[0];

		private int size;

		private boolean overflow;

		RecordingRequest(ClientHttpRequest delegate) {
			super(delegate);
			ReplayableBody.this.sent = null;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			if (body instanceof Mono<?> mono) {
				return super.writeWith(((Mono<? extends DataBuffer>) mono).doOnNext(this::copy)
					.doOnSuccess((buffer) -> completed()));
			}
			return super.writeWith(Flux.from(body).doOnNext(this::copy).doOnComplete(this::completed));
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			this.overflow = true;
			return super.writeAndFlushWith(body);
		}

		@Override
		public Mono<Void> setComplete() {
			return super.setComplete().doOnSuccess((done) -> completed());
		}

		private void copy(DataBuffer buffer) {
			int length = buffer.readableByteCount();
			if (this.overflow || this.size + length > MAX_BYTES) {
				this.overflow = true;
				this.bytes = new byte[0];
				return;
			}
			if (this.size + length > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.size + length, this.bytes.length * 2));
			}
			buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(this.bytes), this.size, length);
			this.size += length;
		}

		private void completed() {
			if (!this.overflow && ReplayableBody.this.sent == null) {
				byte[] body = (this.size == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.size);
				ReplayableBody.this.sent = Sent.of(body, getHeaders());
			}
		}

	}

}
