package com.chatplatform.console.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bar or line chart drawn in the browser by Chart.js (MIT), which the WAR serves from its WebJar
 * ({@code /console/webjars/chart.js/<version>/dist/chart.umd.min.js}): no commercial component, no npm build,
 * nothing fetched from the internet. The server sends the whole configuration as JSON; the canvas has
 * {@code role="img"} and an {@code aria-label} that states the data in words, and every chart in the console
 * has a table with the same numbers beside it.
 */
public class ChartJs extends Div {

    /** Kept in step with chartjs.version in chat-admin-ui/pom.xml. */
    public static final String VERSION = "4.5.1";
    public static final String SCRIPT = "context://webjars/chart.js/" + VERSION + "/dist/chart.umd.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Draws (or redraws) the chart once Chart.js is loaded; the chart object is kept on the element. */
    private static final String DRAW = """
            const el = this; const config = JSON.parse($0);
            const draw = (tries) => {
              if (!window.Chart) { if (tries < 200) { setTimeout(() => draw(tries + 1), 50); } return; }
              const canvas = el.querySelector('canvas');
              if (el.__chart) { el.__chart.destroy(); }
              el.__chart = new window.Chart(canvas, config);
            };
            draw(0);
            """;

    /** One series: its label, its values (one per label of the x axis), the kind ("bar" or "line"), a colour. */
    public record Series(String label, List<? extends Number> values, String kind, String color) {
    }

    private final Element canvas = new Element("canvas");
    private String config;

    public ChartJs(String id, String height) {
        setId(id);
        setWidthFull();
        setHeight(height);
        getStyle().set("position", "relative").set("min-width", "0");
        canvas.setAttribute("role", "img");
        canvas.setAttribute("id", id + "-canvas");
        getElement().appendChild(canvas);
    }

    /** Shows the series over the labels of the x axis; {@code description} is read by screen readers. */
    public void show(List<String> labels, List<Series> series, String description) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("labels", labels);
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (Series s : series) {
            Map<String, Object> ds = new LinkedHashMap<>();
            ds.put("type", s.kind());
            ds.put("label", s.label());
            ds.put("data", s.values());
            ds.put("backgroundColor", s.color());
            ds.put("borderColor", s.color());
            ds.put("borderWidth", "line".equals(s.kind()) ? 2 : 0);
            ds.put("pointRadius", labels.size() > 31 ? 0 : 3);
            ds.put("tension", 0.2);
            datasets.add(ds);
        }
        data.put("datasets", datasets);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("responsive", true);
        options.put("maintainAspectRatio", false);
        options.put("animation", false);
        options.put("scales", Map.of("y", Map.of("beginAtZero", true, "ticks", Map.of("precision", 0))));
        options.put("plugins", Map.of("legend", Map.of("position", "bottom")));
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", series.isEmpty() ? "bar" : series.get(0).kind());
        chart.put("data", data);
        chart.put("options", options);
        try {
            config = JSON.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode the chart", e);
        }
        canvas.setAttribute("aria-label", description);
        getElement().executeJs(DRAW, config);
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        super.onAttach(attach);
        load(attach.getUI());
        if (config != null) {
            getElement().executeJs(DRAW, config); // a re-attached element has a fresh DOM node
        }
    }

    /** Adds Chart.js to the page (Vaadin loads each script URL once per page). */
    static void load(UI ui) {
        ui.getPage().addJavaScript(SCRIPT);
    }
}
