package io.qsredis.operator.tls;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * Reads the private keys cert-manager and openssl write: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA
 * ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE KEY}). The JDK reads only PKCS#8, so the other two are
 * wrapped into a PKCS#8 structure first (RFC 5208: version 0, the algorithm identifier, the key as an octet string).
 */
final class PrivateKeys {
    /** rsaEncryption, 1.2.840.113549.1.1.1, DER-encoded with its tag. */
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1, DER-encoded with its tag. */
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PrivateKeys() {}

    /**
     * The key in {@code block}, or why it cannot be read.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static PrivateKey read(Pem.Block block) {
        byte[] pkcs8 = switch (block.label()) {
            case "PRIVATE KEY" -> block.der();
            case "RSA PRIVATE KEY" -> pkcs8(concat(RSA_OID, DER_NULL), block.der());
            case "EC PRIVATE KEY" -> pkcs8(concat(EC_OID, curve(block.der())), block.der());
            case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("the private key is encrypted; the Secret must hold it unencrypted");
            default -> throw new IllegalArgumentException("a PEM block \"" + block.label() + "\" is not a private key");
        };
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // Not this algorithm: try the next.
            }
        }
        throw new IllegalArgumentException("the private key is not an RSA, EC or EdDSA key the JDK can read");
    }

    /** The named curve of a SEC1 key: its {@code [0]} parameters, which cert-manager and openssl always write. */
    private static byte[] curve(byte[] sec1) {
        Der.Element key = Der.read(sec1, 0);
        int offset = key.contentStart();
        while (offset < key.end()) {
            Der.Element field = Der.read(sec1, offset);
            if (field.tag() == (byte) 0xa0) {
                return Arrays.copyOfRange(sec1, field.contentStart(), field.end());
            }
            offset = field.end();
        }
        throw new IllegalArgumentException("the EC private key names no curve");
    }

    private static byte[] pkcs8(byte[] algorithmContent, byte[] key) {
        return Der.encode(0x30, concat(VERSION_0, Der.encode(0x30, algorithmContent), Der.encode(0x04, key)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Just enough DER for the two wrappings: read a tag-length-value, write one. */
    static final class Der {
        private Der() {}

        /** One element: its tag, where its content starts, where it ends. */
        record Element(byte tag, int contentStart, int end) {}

        static Element read(byte[] der, int offset) {
            if (offset + 2 > der.length) {
                throw new IllegalArgumentException("the private key is not valid DER");
            }
            byte tag = der[offset];
            int first = der[offset + 1] & 0xff;
            int length;
            int start;
            if (first < 0x80) {
                length = first;
                start = offset + 2;
            } else {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 3 || offset + 2 + bytes > der.length) {
                    throw new IllegalArgumentException("the private key is not valid DER");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[offset + 2 + i] & 0xff);
                }
                start = offset + 2 + bytes;
            }
            if (start + length > der.length) {
                throw new IllegalArgumentException("the private key is not valid DER");
            }
            return new Element(tag, start, start + length);
        }

        static byte[] encode(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else if (length < 0x10000) {
                out.write(0x82);
                out.write(length >> 8);
                out.write(length & 0xff);
            } else {
                out.write(0x83);
                out.write(length >> 16);
                out.write((length >> 8) & 0xff);
                out.write(length & 0xff);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }
    }
}
