#include <fstream>
#include <sstream>

#include "command_options.hpp"
#include "kpilot/csv_stream.hpp"
#include "kpilot/kpi_engine.hpp"
#include "progress_bar.hpp"
#include "table_writers.hpp"

namespace kpilot::cli {

namespace {

constexpr std::size_t rejected_rows_shown = 20;

std::vector<std::string> split_list(const std::vector<std::string>& values) {
    std::vector<std::string> names;
    for (const auto& value : values) {
        std::stringstream in(value);
        for (std::string name; std::getline(in, name, ',');)
            if (!name.empty()) names.push_back(name);
    }
    return names;
}

void report_rows(std::ostream& err, const std::string& path, const KpiResults& results) {
    for (const auto& note : results.notes) err << "note: " << note << '\n';
    for (std::size_t i = 0; i < results.rejected.size() && i < rejected_rows_shown; ++i) {
        const auto& r = results.rejected[i];
        err << path << ": line " << r.line << (r.column.empty() ? "" : ", column " + r.column) << ": " << r.reason
            << " (row rejected)\n";
    }
    if (results.rejected.size() > rejected_rows_shown)
        err << "... and " << results.rejected.size() - rejected_rows_shown << " more rejected rows\n";
    err << path << ": read " << results.rows_read << " rows, used " << results.rows_used << ", rejected "
        << results.rejected.size() << '\n';
}

}  // namespace

// Loads the model named by --model, or builds the built-in one from the data's header.
std::optional<KpiModel> model_for(const boost::program_options::variables_map& values, const std::string& data_path,
                                  const CsvOptions& csv, const std::string& command) {
    if (values.count("model")) {
        LoadedModel loaded = load_kpi_model(values["model"].as<std::string>());
        for (const auto& problem : loaded.problems) std::cerr << "kpilot " << command << ": " << problem.text() << '\n';
        return std::move(loaded.model);
    }
    auto stream = CsvStream::open_file(data_path, csv);
    if (!stream) {
        std::cerr << "kpilot " << command << ": " << stream.error().message << '\n';
        return std::nullopt;
    }
    KpiModel model = builtin_model_for_columns(stream.value().header());
    if (model.kpis.empty()) {
        std::cerr << "kpilot " << command << ": " << data_path
                  << ": no built-in KPI can be computed from these columns; name columns after KPI arguments "
                     "(see kpilot list) or give a model with --model\n";
        return std::nullopt;
    }
    return model;
}

int compute_command(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    po::options_description options("Options");
    options.add_options()
        ("data,d", po::value<std::string>()->required(), "CSV file of exported rows")
        ("model,m", po::value<std::string>(), "KPI model (JSON); without one, every built-in KPI whose inputs are columns")
        ("by,b", po::value<std::vector<std::string>>()->multitoken(), "columns to group by (comma-separated or repeated)")
        ("grain,g", po::value<std::string>(), "day, week, month, quarter, year or fiscal_year (needs the model's date column)")
        ("fiscal-year-start", po::value<int>()->default_value(1), "month the fiscal year starts in (1-12)")
        ("trailing", po::value<int>()->default_value(0), "also compute each KPI over the last N periods")
        ("targets,t", po::value<std::string>(), "targets CSV (kpi, period, dimensions, target, on_track_at, at_risk_at)")
        ("no-subtotals", po::bool_switch(), "only detail rows and the grand total")
        ("format,f", po::value<std::string>()->default_value("text"), "text, csv, json or xlsx")
        ("output,o", po::value<std::string>(), "file to write (default: standard output; required for xlsx)")
        ("date-order", po::value<std::string>(), "iso, dmy or mdy (default: the model's, else iso)")
        ("separator", po::value<char>(), "field separator (default: detected among , ; and tab)")
        ("decimal-comma", po::bool_switch(), "numbers use ',' as the decimal mark (1 234,56)")
        ("strict", po::bool_switch(), "stop at the first rejected row instead of reporting it");
    po::variables_map values;
    if (auto done = parse_options("compute",
                                  "Computes KPIs from exported rows, grouped by columns and a calendar grain, with "
                                  "subtotals and totals from summed measures (ratio of sums), period-over-period, "
                                  "running and trailing values, and attainment and status against targets.",
                                  options, args, values))
        return *done;
    auto usage_error = [](const std::string& message) {
        std::cerr << "kpilot compute: " << message << '\n';
        return exit_usage;
    };
    const std::string format = values["format"].as<std::string>();
    if (format != "text" && format != "csv" && format != "json" && format != "xlsx")
        return usage_error("--format must be text, csv, json or xlsx, got '" + format + "'");
    if (format == "xlsx" && !values.count("output")) return usage_error("xlsx needs a file: -o FILE.xlsx");

    ComputeOptions compute;
    compute.csv.decimal_comma = values["decimal-comma"].as<bool>();
    if (values.count("separator")) compute.csv.separator = values["separator"].as<char>();
    compute.strict = values["strict"].as<bool>();
    compute.subtotals = !values["no-subtotals"].as<bool>();
    if (values.count("by")) compute.by = split_list(values["by"].as<std::vector<std::string>>());
    if (values.count("grain")) {
        compute.grain = grain_from_string(values["grain"].as<std::string>());
        if (!compute.grain) return usage_error("--grain must be day, week, month, quarter, year or fiscal_year");
    }
    compute.fiscal_year_start_month = values["fiscal-year-start"].as<int>();
    if (compute.fiscal_year_start_month < 1 || compute.fiscal_year_start_month > 12)
        return usage_error("--fiscal-year-start must be a month number, 1 to 12");
    compute.trailing_periods = values["trailing"].as<int>();
    if (compute.trailing_periods < 0) return usage_error("--trailing must be 0 or more periods");
    if (values.count("date-order")) {
        compute.date_order = date_order_from_string(values["date-order"].as<std::string>());
        if (!compute.date_order) return usage_error("--date-order must be iso, dmy or mdy");
    }

    const std::string data = values["data"].as<std::string>();
    std::optional<KpiModel> model = model_for(values, data, compute.csv, "compute");
    if (!model) return exit_failure;

    std::optional<TargetsTable> targets;
    if (values.count("targets")) {
        auto loaded = read_targets_file(values["targets"].as<std::string>(), compute.csv);
        if (!loaded) {
            std::cerr << "kpilot compute: " << loaded.error().message << '\n';
            return exit_failure;
        }
        targets = std::move(loaded).value();
    }

    ProgressBar progress;
    compute.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
    auto results = compute_kpis(*model, data, compute, targets ? &*targets : nullptr);
    progress.finish();
    if (!results) {
        std::cerr << "kpilot compute: " << results.error().message << '\n';
        return compute.strict && results.error().message.find("strict") != std::string::npos ? exit_rows_rejected : exit_failure;
    }

    if (format == "xlsx") {
        if (auto error = write_xlsx(values["output"].as<std::string>(), results.value(), *model); !error.empty()) {
            std::cerr << "kpilot compute: " << error << '\n';
            return exit_failure;
        }
    } else {
        std::ofstream file;
        if (values.count("output")) {
            file.open(values["output"].as<std::string>(), std::ios::binary);
            if (!file) {
                std::cerr << "kpilot compute: cannot write " << values["output"].as<std::string>() << '\n';
                return exit_failure;
            }
        }
        std::ostream& out = values.count("output") ? file : std::cout;
        if (format == "json")
            write_json(out, long_form_table(results.value(), *model), results.value(), *model);
        else if (format == "csv")
            write_csv(out, long_form_table(results.value(), *model));
        else
            write_text(out, results.value(), *model);
        out.flush();
    }
    report_rows(std::cerr, data, results.value());
    return results.value().rejected.empty() ? exit_ok : exit_rows_rejected;
}

}  // namespace kpilot::cli
