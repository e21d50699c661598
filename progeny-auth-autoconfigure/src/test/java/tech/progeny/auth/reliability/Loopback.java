package tech.progeny.auth.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * Loopback addresses and ports for the reliability tests, which never send traffic
 * anywhere else.
 */
final class Loopback {

	static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

	private Loopback() {
	}

	/**
	 * Return a port on which nothing listens right now.
	 * @return the port
	 */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, ADDRESS)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String baseUrl(int port) {
		return "http://" + ADDRESS.getHostAddress() + ":" + port;
	}

	static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

}
