#include <filesystem>

#include "command_options.hpp"
#include "kpilot/template_workbook.hpp"
#include "progress_bar.hpp"

namespace kpilot::cli {

namespace {

constexpr std::size_t rejected_rows_shown = 20;

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

int template_command(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    po::options_description options("Options");
    options.add_options()("kind,k", po::value<std::string>()->required(),
                          "marketing, sales, satisfaction or custom: the wording and input rules")(
        "model,m", po::value<std::string>()->required(), "KPI model (JSON)")(
        "data,d", po::value<std::string>(), "CSV rows for the Data sheet (default: data.csv beside the model)")(
        "targets,t", po::value<std::string>(),
        "targets CSV for the Targets sheet (default without --data: targets.csv beside the model, if there is one)")(
        "output,o", po::value<std::string>()->required(), "the workbook to write (.xlsx)")(
        "constant-memory", po::bool_switch(),
        "write the Data sheet in bounded memory even when it is short (automatic above 100,000 rows)")(
        "date-order", po::value<std::string>(), "iso, dmy or mdy (default: the model's, else iso)")(
        "separator", po::value<char>(), "field separator (default: detected among , ; and tab)")(
        "decimal-comma", po::bool_switch(), "numbers use ',' as the decimal mark (1 234,56)")(
        "strict", po::bool_switch(), "stop at the first rejected row instead of reporting it");
    po::variables_map values;
    if (auto done = parse_options("template",
                                  "Writes a template workbook: the data as an Excel table, a KPIs sheet of live "
                                  "formulas (the add-in's KPI.* functions over SUMIFS) with the values kpilot "
                                  "computed, charts, a Targets sheet with attainment and status, and a Read me.",
                                  options, args, values))
        return *done;
    auto usage_error = [](const std::string& message) {
        std::cerr << "kpilot template: " << message << '\n';
        return exit_usage;
    };

    templates::TemplateOptions template_options;
    const auto kind = templates::template_kind_from_string(values["kind"].as<std::string>());
    if (!kind) return usage_error("--kind must be marketing, sales, satisfaction or custom");
    template_options.kind = *kind;
    const std::string model_path = values["model"].as<std::string>();
    const std::filesystem::path beside_model = std::filesystem::path(model_path).parent_path();
    if (values.count("data")) {
        template_options.data_path = values["data"].as<std::string>();
        if (values.count("targets")) template_options.targets_path = values["targets"].as<std::string>();
    } else {
        // A sample folder holds model.json, data.csv and targets.csv together.
        template_options.data_path = (beside_model / "data.csv").string();
        if (values.count("targets"))
            template_options.targets_path = values["targets"].as<std::string>();
        else if (std::filesystem::exists(beside_model / "targets.csv"))
            template_options.targets_path = (beside_model / "targets.csv").string();
    }
    template_options.output_path = values["output"].as<std::string>();
    template_options.constant_memory = values["constant-memory"].as<bool>();
    ComputeOptions& compute = template_options.compute;
    compute.csv.decimal_comma = values["decimal-comma"].as<bool>();
    if (values.count("separator")) compute.csv.separator = values["separator"].as<char>();
    compute.strict = values["strict"].as<bool>();
    if (values.count("date-order")) {
        compute.date_order = date_order_from_string(values["date-order"].as<std::string>());
        if (!compute.date_order) return usage_error("--date-order must be iso, dmy or mdy");
    }
    // The Read me says how the workbook was made, with file names only, so the
    // same command gives the same file wherever it runs.
    template_options.generated_by =
        "kpilot template --kind " + std::string(to_string(*kind)) + " --model " + file_name(model_path) + " --data " +
        file_name(template_options.data_path) +
        (template_options.targets_path.empty() ? "" : " --targets " + file_name(template_options.targets_path)) +
        " -o " + file_name(template_options.output_path);

    LoadedModel loaded = load_kpi_model(model_path);
    for (const auto& problem : loaded.problems) std::cerr << "kpilot template: " << problem.text() << '\n';
    if (!loaded.model) return exit_failure;

    ProgressBar progress;
    compute.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
    auto written = templates::write_template_workbook(*loaded.model, template_options);
    progress.finish();
    if (!written) {
        std::cerr << "kpilot template: " << written.error().message << '\n';
        return compute.strict && written.error().message.find("strict") != std::string::npos ? exit_rows_rejected
                                                                                             : exit_failure;
    }

    // Reported as kpilot compute reports them: every rejected row by line and column.
    const templates::TemplateReport& report = written.value();
    const KpiResults& results = report.results;
    const std::string& data = template_options.data_path;
    for (const auto& note : results.notes) std::cerr << "note: " << note << '\n';
    for (const auto& note : report.notes) std::cerr << "note: " << note << '\n';
    for (std::size_t i = 0; i < results.rejected.size() && i < rejected_rows_shown; ++i) {
        const auto& r = results.rejected[i];
        std::cerr << data << ": line " << r.line << (r.column.empty() ? "" : ", column " + r.column) << ": " << r.reason
                  << " (row rejected)\n";
    }
    if (results.rejected.size() > rejected_rows_shown)
        std::cerr << "... and " << results.rejected.size() - rejected_rows_shown
                  << " more rejected rows (all are on the workbook's Rejected rows sheet)\n";
    std::cerr << data << ": read " << results.rows_read << " rows, used " << results.rows_used << ", rejected "
              << results.rejected.size() << '\n';
    std::cerr << "wrote " << template_options.output_path << " (" << report.data_rows_written << " data rows"
              << (report.constant_memory ? ", constant-memory mode" : "") << ")\n";
    return results.rejected.empty() ? exit_ok : exit_rows_rejected;
}

}  // namespace kpilot::cli
