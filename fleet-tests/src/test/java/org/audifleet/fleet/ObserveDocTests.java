package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/observe.md lists every panel of every dashboard (infra/grafana/dashboards/*.json) under its dashboard's title,
 * with each of its queries identical and in order, and names the metrics each panel's queries read.
 */
class ObserveDocTests {

    static final Path DOC = Path.of("..", "docs", "observe.md");
    static final Pattern HEADING = Pattern.compile("(?m)^(###|####) (.+)$");
    static final Pattern PROMQL = Pattern.compile("(?s)```promql\\n(.*?)\\n```");
    static final Pattern METRIC = Pattern.compile("\\b(audifleet_[a-z_]+?)(_bucket|_count)?\\b");

    @Test
    void everyPanelAndEveryQueryIsInTheDocIdentical() throws Exception {
        String doc = Files.readString(DOC);
        List<Dashboards.Query> documented = new ArrayList<>();
        Map<String, String> panelText = new LinkedHashMap<>();
        Matcher h = HEADING.matcher(doc);
        List<int[]> at = new ArrayList<>();
        List<String[]> headings = new ArrayList<>();
        while (h.find()) {
            at.add(new int[] {h.start(), h.end()});
            headings.add(new String[] {h.group(1), h.group(2)});
        }
        String dashboard = null;
        for (int i = 0; i < headings.size(); i++) {
            String body = doc.substring(at.get(i)[1], i + 1 < at.size() ? at.get(i + 1)[0] : doc.length());
            if (headings.get(i)[0].equals("###")) {
                dashboard = headings.get(i)[1];
                continue;
            }
            String panel = headings.get(i)[1];
            panelText.put(dashboard + " / " + panel, body);
            Matcher q = PROMQL.matcher(body);
            for (char ref = 'A'; q.find(); ref++) {
                documented.add(new Dashboards.Query(dashboard, panel, String.valueOf(ref), q.group(1)));
            }
        }
        List<Dashboards.Query> dashboards = Dashboards.queries();
        assertThat(documented).containsExactlyElementsOf(dashboards);
        for (Dashboards.Query query : dashboards) {
            String text = panelText.get(query.dashboard() + " / " + query.panel());
            Matcher m = METRIC.matcher(query.expr());
            while (m.find()) {
                assertThat(text).as(query + " names its metric").contains("`" + m.group(1) + "`");
            }
        }
    }
}
