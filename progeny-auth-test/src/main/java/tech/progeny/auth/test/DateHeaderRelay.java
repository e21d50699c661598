package tech.progeny.auth.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * The fake server's listening socket: relays each connection to the JDK {@code HttpServer} behind it and writes
 * the {@code Date} header of every final response from the fake's clock, or leaves it out.
 *
 * <p>The JDK server always writes its own {@code Date} from the system clock and overwrites one a handler sets, so
 * without this relay a test could neither skew nor omit it. Request bytes pass through untouched. Responses are
 * read one at a time: a header block, then a body of {@code Content-Length} bytes (the exchange handler frames
 * every body so; a response without the header, as to {@code HEAD}, has none). A connection the JDK server closes
 * mid-response (a dropped or truncated response) is closed to the client at the same point, and a connection the
 * client closes is closed to the JDK server.
 */
final class DateHeaderRelay implements AutoCloseable {

	/** IMF-fixdate (RFC 9110, the RFC 1123 form), as Django and the JDK server write it. */
	static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final int MAX_HEAD_BYTES = 64 * 1024;

	private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	private static final String CRLF = "\r\n";

	private final ServerSocket listener;

	private final InetSocketAddress backend;

	private final Clock clock;

	private final boolean sendDateHeader;

	private final ExecutorService threads;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	DateHeaderRelay(InetSocketAddress address, InetSocketAddress backend, Clock clock, boolean sendDateHeader,
			ThreadFactory threadFactory) throws IOException {
		this.backend = backend;
		this.clock = clock;
		this.sendDateHeader = sendDateHeader;
		this.listener = new ServerSocket();
		try {
			this.listener.setReuseAddress(true);
			this.listener.bind(address, 50);
		}
		catch (IOException ex) {
			this.listener.close();
			throw ex;
		}
		this.threads = Executors.newCachedThreadPool(threadFactory);
		this.threads.execute(this::accept);
	}

	int port() {
		return this.listener.getLocalPort();
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.listener);
		this.sockets.forEach(DateHeaderRelay::closeQuietly);
		this.threads.shutdownNow();
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			relay(client);
		}
	}

	private void relay(Socket client) {
		Socket server = new Socket();
		if (!track(client) || !track(server)) {
			closeBoth(client, server);
			return;
		}
		try {
			client.setTcpNoDelay(true);
			server.setTcpNoDelay(true);
			server.connect(this.backend, CONNECT_TIMEOUT_MILLIS);
			this.threads.execute(() -> forwardRequests(client, server));
			this.threads.execute(() -> forwardResponses(server, client));
		}
		catch (IOException | RejectedExecutionException ex) {
			closeBoth(client, server);
		}
	}

	private void forwardRequests(Socket client, Socket server) {
		try {
			InputStream in = client.getInputStream();
			OutputStream out = server.getOutputStream();
			byte[] buffer = new byte[8192];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// either side went away: close both below
		}
		finally {
			closeBoth(client, server);
		}
	}

	private void forwardResponses(Socket server, Socket client) {
		try {
			InputStream in = new BufferedInputStream(server.getInputStream());
			OutputStream out = new BufferedOutputStream(client.getOutputStream());
			for (String head = readHead(in); head != null; head = readHead(in)) {
				out.write(rewrite(head).getBytes(StandardCharsets.ISO_8859_1));
				boolean complete = copy(in, out, contentLength(head));
				out.flush();
				if (!complete) {
					return;
				}
			}
		}
		catch (IOException ex) {
			// either side went away: close both below
		}
		finally {
			closeBoth(client, server);
		}
	}

	/**
	 * Replaces the {@code Date} header of a final (2xx to 5xx) response head with the fake clock's now, right after
	 * the status line where the JDK server writes it, or drops it; an interim (1xx) head passes unchanged.
	 */
	String rewrite(String head) {
		String[] lines = head.split(CRLF);
		if (lines.length == 0 || isInterim(lines[0])) {
			return head;
		}
		StringBuilder rewritten = new StringBuilder(head.length() + 40).append(lines[0]).append(CRLF);
		if (this.sendDateHeader) {
			rewritten.append("Date: ").append(HTTP_DATE.format(this.clock.instant())).append(CRLF);
		}
		for (int i = 1; i < lines.length; i++) {
			if (!isHeader(lines[i], "Date")) {
				rewritten.append(lines[i]).append(CRLF);
			}
		}
		return rewritten.append(CRLF).toString();
	}

	private static boolean isInterim(String statusLine) {
		String[] parts = statusLine.split(" ", 3);
		return parts.length > 1 && parts[1].startsWith("1");
	}

	private static boolean isHeader(String line, String name) {
		return line.length() > name.length() && line.charAt(name.length()) == ':'
				&& line.regionMatches(true, 0, name, 0, name.length());
	}

	private static long contentLength(String head) {
		for (String line : head.split(CRLF)) {
			if (isHeader(line, "Content-Length")) {
				return Long.parseLong(line.substring("Content-Length:".length()).strip());
			}
		}
		return 0;
	}

	/**
	 * Reads a response head up to and including its empty line.
	 * @return the head, or {@code null} when the connection ended first
	 */
	private static @Nullable String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream(256);
		int matched = 0;
		while (matched < 4) {
			int next = in.read();
			if (next < 0 || head.size() >= MAX_HEAD_BYTES) {
				return null;
			}
			head.write(next);
			matched = (next == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Copies a body.
	 * @return whether all of it arrived
	 */
	private static boolean copy(InputStream in, OutputStream out, long length) throws IOException {
		byte[] buffer = new byte[8192];
		long remaining = length;
		while (remaining > 0) {
			int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
			if (read < 0) {
				return false;
			}
			out.write(buffer, 0, read);
			remaining -= read;
		}
		return true;
	}

	private boolean track(Socket socket) {
		this.sockets.add(socket);
		return !this.closed;
	}

	private void closeBoth(Socket client, Socket server) {
		closeQuietly(client);
		closeQuietly(server);
		this.sockets.remove(client);
		this.sockets.remove(server);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing: nothing left to do
		}
	}

}
