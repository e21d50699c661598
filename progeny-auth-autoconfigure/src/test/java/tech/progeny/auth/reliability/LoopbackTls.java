package tech.progeny.auth.reliability;

import javax.net.ssl.SSLContext;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A throwaway certificate authority and a server certificate for the loopback address,
 * made when the tests run, and the properties of a PEM SSL bundle that trusts it. A fake
 * Progeny presents the same certificate with
 * {@code FakeProgenyServer.builder().https(tls.serverCertificate())}.
 */
final class LoopbackTls {

	private final HeldCertificate authority = new HeldCertificate.Builder().certificateAuthority(0)
		.commonName("progeny-auth test authority")
		.build();

	private final HeldCertificate serverCertificate = new HeldCertificate.Builder().commonName("loopback")
		.addSubjectAlternativeName(Loopback.ADDRESS.getHostAddress())
		.addSubjectAlternativeName("localhost")
		.signedBy(this.authority)
		.build();

	private final HandshakeCertificates server = new HandshakeCertificates.Builder()
		.heldCertificate(this.serverCertificate)
		.build();

	/**
	 * Return the server certificate, signed by the authority, with its private key.
	 * @return the certificate
	 */
	HeldCertificate serverCertificate() {
		return this.serverCertificate;
	}

	SSLContext serverContext() {
		return this.server.sslContext();
	}

	/**
	 * Return the property that defines a PEM SSL bundle trusting the authority.
	 * @param bundle the bundle's name
	 * @return the property, as {@code name=value}
	 */
	String trustingBundle(String bundle) {
		return "spring.ssl.bundle.pem." + bundle + ".truststore.certificate=" + this.authority.certificatePem();
	}

}
