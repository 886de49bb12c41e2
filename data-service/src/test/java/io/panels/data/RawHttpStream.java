package io.panels.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 POST on a plain socket whose answer is read as slowly as the test wants, with a small
 * receive buffer, so that a streaming server really waits for its reader (back-pressure), and which
 * can hang up abruptly (TCP reset) in the middle of the answer, as a crashed client would. The
 * chunked body is decoded line by line; a body that stops without its last chunk reads as its end.
 */
public final class RawHttpStream implements AutoCloseable {

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final BufferedReader body;

    private RawHttpStream(Socket socket, int status, Map<String, String> headers, BufferedReader body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public static RawHttpStream post(int port, String path, String token, String json) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8192);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(60_000);
        byte[] content = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        String header;
        while (!(header = line(in)).isEmpty()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        InputStream answer = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in) : in;
        return new RawHttpStream(socket, status, headers, new BufferedReader(new InputStreamReader(answer, StandardCharsets.UTF_8)));
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next line of the body, or null at its end (or where it was cut). */
    public String readLine() throws IOException {
        return body.readLine();
    }

    /** Hangs up with a TCP reset, whatever is left unread. */
    @Override
    public void close() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        if (c < 0 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Transfer-Encoding: chunked, decoded; a connection closed between or inside chunks ends the body. */
    private static final class Chunked extends InputStream {

        private final InputStream in;
        private long left;
        private boolean first = true;
        private boolean ended;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return next(buffer, offset, length);
            } catch (java.net.SocketException reset) {
                ended = true;
                return -1;
            }
        }

        private int next(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (left == 0) {
                if (!first && line(in) == null) {
                    ended = true;
                    return -1;
                }
                first = false;
                String size = line(in);
                if (size == null || size.isEmpty()) {
                    ended = true;
                    return -1;
                }
                int extension = size.indexOf(';');
                left = Long.parseLong(extension < 0 ? size.trim() : size.substring(0, extension).trim(), 16);
                if (left == 0) {
                    ended = true;
                    return -1;
                }
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                ended = true;
                return -1;
            }
            left -= read;
            return read;
        }
    }
}
