package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.count;

import dev.domaineval.report.html.view.InputsView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The input tables, every row's reconciliation reason, and where the run's tables are. */
final class InputsSection {
  private InputsSection() {}

  static InputsView build(ReportModel model) {
    List<InputsView.ReconciliationRow> recon = new ArrayList<>();
    model
        .reconciliation()
        .forEach(
            (table, reasons) -> {
              long total = 0;
              for (Map.Entry<String, Long> e : reasons.entrySet()) {
                recon.add(
                    new InputsView.ReconciliationRow(
                        table, e.getKey(), count(e.getValue()), false));
                total += e.getValue();
              }
              recon.add(new InputsView.ReconciliationRow(table, "all rows", count(total), true));
            });
    List<InputsView.Output> outputs = new ArrayList<>();
    model.outputs().forEach((table, path) -> outputs.add(new InputsView.Output(table, path)));
    return new InputsView(model.inputs(), recon, outputs);
  }
}
