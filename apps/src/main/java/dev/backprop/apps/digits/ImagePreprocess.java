package dev.backprop.apps.digits;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Turns a user's picture into a model input the way MNIST was made (LeCun et al.): grey levels in [0, 1] with bright
 * strokes on a dark ground (inverted when the picture's border is bright), cropped to the strokes, scaled to fit a
 * 20x20 box keeping the aspect ratio, and placed in the 28x28 frame with its centre of mass at the centre. For
 * Fashion-MNIST the cropped item is scaled to fill the frame instead. Reads PNG, JPEG and PGM (P2 and P5).
 */
public final class ImagePreprocess {
    private ImagePreprocess() {}

    /** A grey image, values in [0, 1], row-major. */
    public record Grey(float[] pixels, int width, int height) {}

    /** Reads PNG, JPEG or PGM; an unreadable file throws an {@link IOException} naming it. */
    public static Grey read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 2 && bytes[0] == 'P' && (bytes[1] == '2' || bytes[1] == '5')) {
            return readPgm(bytes, file);
        }
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException(file + ": not a PNG, JPEG or PGM image that can be read");
        }
        int w = image.getWidth(), h = image.getHeight();
        float[] px = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                float alpha = ((rgb >>> 24) & 0xff) / 255f;
                float lum =
                        (0.299f * ((rgb >> 16) & 0xff) + 0.587f * ((rgb >> 8) & 0xff) + 0.114f * (rgb & 0xff)) / 255f;
                px[y * w + x] = image.getColorModel().hasAlpha() ? lum * alpha + (1 - alpha) : lum; // on white
            }
        }
        return new Grey(px, w, h);
    }

    static Grey readPgm(byte[] bytes, Path file) throws IOException {
        int[] pos = {2};
        int w = pgmNumber(bytes, pos, file), h = pgmNumber(bytes, pos, file), max = pgmNumber(bytes, pos, file);
        if (w < 1 || h < 1 || max < 1 || max > 65535) {
            throw new IOException(file + ": PGM header " + w + "x" + h + " max " + max + " is invalid");
        }
        float[] px = new float[w * h];
        if (bytes[1] == '2') {
            for (int i = 0; i < px.length; i++) {
                px[i] = pgmNumber(bytes, pos, file) / (float) max;
            }
        } else {
            int start = pos[0] + 1, size = max > 255 ? 2 : 1;
            if (bytes.length < start + (long) px.length * size) {
                throw new IOException(file + ": PGM data is truncated (" + (bytes.length - start) + " bytes for " + w
                        + "x" + h + ")");
            }
            for (int i = 0; i < px.length; i++) {
                int v = size == 1
                        ? bytes[start + i] & 0xff
                        : ((bytes[start + 2 * i] & 0xff) << 8) | (bytes[start + 2 * i + 1] & 0xff);
                px[i] = v / (float) max;
            }
        }
        return new Grey(px, w, h);
    }

    private static int pgmNumber(byte[] b, int[] pos, Path file) throws IOException {
        while (pos[0] < b.length) {
            if (b[pos[0]] == '#') {
                while (pos[0] < b.length && b[pos[0]] != '\n') {
                    pos[0]++;
                }
            } else if (Character.isWhitespace(b[pos[0]])) {
                pos[0]++;
            } else {
                break;
            }
        }
        int start = pos[0];
        while (pos[0] < b.length && Character.isDigit(b[pos[0]])) {
            pos[0]++;
        }
        if (start == pos[0]) {
            throw new IOException(file + ": PGM is truncated or malformed at byte " + start);
        }
        return Integer.parseInt(new String(b, start, pos[0] - start, StandardCharsets.US_ASCII));
    }

    /** The 28x28 (or {@code size} x {@code size}) input for {@code image}; {@code digits} picks MNIST's framing. */
    public static float[] toModelInput(Grey image, int size, boolean digits) {
        float[] px = image.pixels().clone();
        int w = image.width(), h = image.height();
        if (borderMean(px, w, h) > 0.5f) { // dark strokes on a light ground: invert to MNIST's polarity
            for (int i = 0; i < px.length; i++) {
                px[i] = 1 - px[i];
            }
        }
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (px[y * w + x] > 0.2f) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) { // nothing drawn: just scale the whole picture
            return resize(px, w, h, 0, 0, w, h, size, size);
        }
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        int box = digits ? Math.round(size * 20f / 28f) : size;
        double scale = (double) box / Math.max(cw, ch);
        int tw = Math.max(1, (int) Math.round(cw * scale)), th = Math.max(1, (int) Math.round(ch * scale));
        float[] glyph = resize(px, w, h, x0, y0, cw, ch, tw, th);
        int ox = (size - tw) / 2, oy = (size - th) / 2;
        if (digits) { // shift so the centre of mass lands on the centre, as MNIST did
            double mass = 0, mx = 0, my = 0;
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    mass += glyph[y * tw + x];
                    mx += glyph[y * tw + x] * x;
                    my += glyph[y * tw + x] * y;
                }
            }
            if (mass > 0) {
                ox = clamp((int) Math.round(size / 2.0 - mx / mass - 0.5), 0, size - tw);
                oy = clamp((int) Math.round(size / 2.0 - my / mass - 0.5), 0, size - th);
            }
        }
        float[] out = new float[size * size];
        for (int y = 0; y < th; y++) {
            System.arraycopy(glyph, y * tw, out, (oy + y) * size + ox, tw);
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static float borderMean(float[] px, int w, int h) {
        double sum = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            sum += px[x] + px[(h - 1) * w + x];
            n += 2;
        }
        for (int y = 0; y < h; y++) {
            sum += px[y * w] + px[y * w + w - 1];
            n += 2;
        }
        return (float) (sum / n);
    }

    /** Area-average resampling of the window {@code (x0, y0, cw, ch)} to {@code tw x th}. */
    static float[] resize(float[] px, int w, int h, int x0, int y0, int cw, int ch, int tw, int th) {
        float[] out = new float[tw * th];
        for (int ty = 0; ty < th; ty++) {
            double sy0 = y0 + (double) ty * ch / th, sy1 = y0 + (double) (ty + 1) * ch / th;
            for (int tx = 0; tx < tw; tx++) {
                double sx0 = x0 + (double) tx * cw / tw, sx1 = x0 + (double) (tx + 1) * cw / tw;
                double sum = 0, area = 0;
                for (int y = (int) Math.floor(sy0); y < Math.ceil(sy1) && y < h; y++) {
                    double wy = Math.min(sy1, y + 1) - Math.max(sy0, y);
                    for (int x = (int) Math.floor(sx0); x < Math.ceil(sx1) && x < w; x++) {
                        double wx = Math.min(sx1, x + 1) - Math.max(sx0, x);
                        sum += px[y * w + x] * wx * wy;
                        area += wx * wy;
                    }
                }
                out[ty * tw + tx] = area > 0 ? (float) (sum / area) : 0f;
            }
        }
        return out;
    }
}
