package io.qsredis.operator.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The blocks of a PEM file (RFC 7468): each label and its DER bytes; text around the blocks is ignored, as openssl does. */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private Pem() {}

    /** One block. */
    record Block(String label, byte[] der) {}

    /**
     * Every block of {@code file}, in order; empty when it holds none.
     *
     * @throws IllegalArgumentException when a block's body is not base64
     */
    static List<Block> blocks(byte[] file) {
        Matcher matcher = BLOCK.matcher(new String(file, StandardCharsets.US_ASCII));
        List<Block> blocks = new ArrayList<>();
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2).strip())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the PEM block \"" + matcher.group(1) + "\" is not base64");
            }
        }
        return blocks;
    }
}
