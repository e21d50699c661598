package tech.progeny.auth.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ServerSocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * Server sockets whose accepted connections have {@code TCP_NODELAY} set. MockWebServer writes a response's head
 * and body in two writes; with Nagle's algorithm the body waits for the client's delayed ACK of the head, about
 * 40 ms per response on loopback. {@link FakeProgenyServer} listens on one; so can a test's own
 * {@code MockWebServer}:
 * <pre>
 * MockWebServer server = new MockWebServer();
 * server.setServerSocketFactory(new NoDelayServerSocketFactory());
 * </pre>
 */
public final class NoDelayServerSocketFactory extends ServerSocketFactory {

	/**
	 * Creates a factory.
	 */
	public NoDelayServerSocketFactory() {
	}

	@Override
	public ServerSocket createServerSocket() throws IOException {
		return new NoDelayServerSocket();
	}

	@Override
	public ServerSocket createServerSocket(int port) throws IOException {
		return createServerSocket(port, 50, null);
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog) throws IOException {
		return createServerSocket(port, backlog, null);
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog, @Nullable InetAddress address) throws IOException {
		ServerSocket socket = new NoDelayServerSocket();
		try {
			socket.bind(new InetSocketAddress(address, port), backlog);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		return socket;
	}

	private static final class NoDelayServerSocket extends ServerSocket {

		NoDelayServerSocket() throws IOException {
		}

		@Override
		public Socket accept() throws IOException {
			Socket socket = super.accept();
			socket.setTcpNoDelay(true);
			return socket;
		}

	}

}
