package com.chatplatform.console.app;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import java.io.ByteArrayInputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/** Small building blocks the newer views share: wrapping lines, titled sections, empty states, CSV links. */
public final class Layouts {

    public static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Layouts() {
    }

    /** A page title (no margin). */
    public static H2 title(String text) {
        H2 title = new H2(text);
        title.getStyle().set("margin", "0");
        return title;
    }

    /** A row that wraps on narrow screens (no sideways scrolling). */
    public static FlexLayout line(Component... parts) {
        FlexLayout line = new FlexLayout(parts);
        line.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        line.setAlignItems(FlexComponent.Alignment.BASELINE);
        line.getStyle().set("gap", "var(--lumo-space-s)");
        line.setWidthFull();
        return line;
    }

    /** A heading, a one-sentence hint and the content. */
    public static VerticalLayout section(String title, String text, Component... content) {
        H3 heading = new H3(title);
        heading.getStyle().set("margin", "var(--lumo-space-m) 0 0 0");
        VerticalLayout section = new VerticalLayout(heading);
        if (text != null) {
            Paragraph hint = new Paragraph(text);
            hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0").set("font-size", "var(--lumo-font-size-s)");
            section.add(hint);
        }
        section.add(content);
        section.setPadding(false);
        section.setSpacing(true);
        section.setWidthFull();
        return section;
    }

    /** What an empty list says instead of an empty table. */
    public static Paragraph empty(String id, String text) {
        Paragraph empty = new Paragraph(text);
        empty.setId(id);
        empty.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0");
        return empty;
    }

    /** A download link whose CSV is built when clicked (outside the UI lock: the supplier must only read a snapshot). */
    public static Anchor csvLink(String id, String fileName, Supplier<byte[]> csv) {
        Anchor export = new Anchor();
        export.setId(id);
        export.setHref(DownloadHandler.fromInputStream(event -> {
            byte[] bytes = csv.get();
            return new DownloadResponse(new ByteArrayInputStream(bytes), fileName, "text/csv; charset=utf-8", bytes.length);
        }), AttachmentType.DOWNLOAD);
        export.add(VaadinIcon.DOWNLOAD_ALT.create(), new Span("Export CSV"));
        export.getStyle().set("white-space", "nowrap").set("display", "inline-flex").set("gap", "var(--lumo-space-xs)")
                .set("align-items", "center");
        return export;
    }

    /** A readable amount of bytes (binary units). */
    public static String bytes(Long value) {
        if (value == null) {
            return "unlimited";
        }
        double v = value;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? value + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
