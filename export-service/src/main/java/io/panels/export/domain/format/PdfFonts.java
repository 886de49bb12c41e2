package io.panels.export.domain.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.jboss.logging.Logger;

/**
 * The fonts of PDF exports, embedded as subsets (only the glyphs used), so any reader shows the
 * text as written. First Liberation Sans (SIL OFL 1.1, shipped inside PDFBox's own jar: Latin,
 * Greek, Cyrillic and common symbols), then the fallback TrueType fonts configured in
 * {@code panels.export.pdf-fonts} in order (by default Droid Sans Fallback, Apache 2.0, from
 * Debian's {@code fonts-droid-fallback}: Chinese, Japanese, Korean). Each character is set in the
 * first font that has it; a character none has prints as {@code ?}. A configured file that is
 * missing is skipped with a warning (those characters then print as {@code ?}).
 */
public final class PdfFonts {

    private static final Logger LOG = Logger.getLogger(PdfFonts.class);
    private static final String BUILT_IN = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private final List<Path> fallbacks;

    public PdfFonts(List<Path> configured) {
        List<Path> present = new ArrayList<>();
        for (Path path : configured) {
            if (Files.isReadable(path)) {
                present.add(path);
            } else {
                LOG.warnf("PDF fallback font %s is missing: characters only it has print as '?' (docs/export-service.md)", path);
            }
        }
        this.fallbacks = List.copyOf(present);
    }

    /** The fonts of one document, embedded in it when it is saved. */
    Loaded load(PDDocument document) throws IOException {
        List<TrueTypeFont> files = new ArrayList<>();
        List<Face> faces = new ArrayList<>();
        try {
            InputStream builtIn = PdfFonts.class.getResourceAsStream(BUILT_IN);
            if (builtIn == null) {
                throw new IOException(BUILT_IN + " is not on the class path");
            }
            TrueTypeFont primary;
            try (builtIn) {
                primary = new TTFParser().parse(new RandomAccessReadBuffer(builtIn));
            }
            files.add(primary);
            faces.add(new Face(PDType0Font.load(document, primary, true), primary.getUnicodeCmapLookup()));
            for (Path path : fallbacks) {
                TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBufferedFile(path));
                files.add(font);
                faces.add(new Face(PDType0Font.load(document, font, true), font.getUnicodeCmapLookup()));
            }
        } catch (IOException | RuntimeException e) {
            for (TrueTypeFont file : files) {
                file.close();
            }
            throw e;
        }
        return new Loaded(faces, files);
    }

    /** Text set in one font. */
    record Run(PDType0Font font, String text) {
    }

    private record Face(PDType0Font font, CmapLookup cmap) {
        boolean has(int codePoint) {
            return cmap.getGlyphId(codePoint) > 0;
        }
    }

    static float width(List<Run> runs, float size) throws IOException {
        float width = 0;
        for (Run run : runs) {
            width += run.font().getStringWidth(run.text()) / 1000 * size;
        }
        return width;
    }

    static final class Loaded implements AutoCloseable {

        private final List<Face> faces;
        private final List<TrueTypeFont> files;

        private Loaded(List<Face> faces, List<TrueTypeFont> files) {
            this.faces = faces;
            this.files = files;
        }

        /** The text in runs of the first font that has each character; {@code ?} (primary font) for the others. */
        List<Run> runs(String text) {
            List<Run> runs = new ArrayList<>(2);
            Face current = null;
            StringBuilder run = new StringBuilder();
            for (int i = 0; i < text.length(); ) {
                int c = text.codePointAt(i);
                i += Character.charCount(c);
                Face face = null;
                for (Face candidate : faces) {
                    if (candidate.has(c)) {
                        face = candidate;
                        break;
                    }
                }
                if (face == null) {
                    face = faces.get(0);
                    c = '?';
                }
                if (face != current && !run.isEmpty()) {
                    runs.add(new Run(current.font(), run.toString()));
                    run.setLength(0);
                }
                current = face;
                run.appendCodePoint(c);
            }
            if (!run.isEmpty()) {
                runs.add(new Run(current.font(), run.toString()));
            }
            return runs;
        }

        @Override
        public void close() throws IOException {
            for (TrueTypeFont file : files) {
                file.close();
            }
        }
    }
}
