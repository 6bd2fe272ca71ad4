// kpilot attribute: every attribution model over a paths export or raw
// touchpoints, side by side.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command_options.hpp"
#include "kpilot/attribution_input.hpp"
#include "kpilot/attribution_table.hpp"
#include "kpilot/display_format.hpp"
#include "table_writers.hpp"
#include "text_table.hpp"

namespace kpilot::cli {

namespace {

namespace at = kpilot::attribution;

constexpr std::size_t rejected_rows_shown = 20;

// What was attributed, counted as the paths went by (they are not kept).
struct PathTotals {
    std::size_t paths = 0;
    double conversions = 0.0;
    double value = 0.0;
    double nulls = 0.0;
    void add(const at::Path& path) {
        ++paths;
        conversions += path.conversions;
        value += path.value;
        nulls += path.nulls;
    }
};

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        const auto first = part.find_first_not_of(" \t");
        const auto last = part.find_last_not_of(" \t");
        if (first != std::string::npos) parts.push_back(part.substr(first, last - first + 1));
    }
    return parts;
}

// "0.4,0.4" into exactly `count` numbers.
std::optional<std::vector<double>> numbers_list(const std::string& text, std::size_t count) {
    std::vector<double> numbers;
    for (const std::string& part : split_commas(text)) {
        try {
            std::size_t used = 0;
            numbers.push_back(std::stod(part, &used));
            if (used != part.size()) return std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    if (numbers.size() != count) return std::nullopt;
    return numbers;
}

std::string number_text(const Value& v, Unit unit) { return format_for_display(v, unit); }

void write_text_report(std::ostream& out, const at::PathSet& paths, const PathTotals& totals,
                       const std::vector<at::ModelRun>& runs) {
    out << "Attributed conversions (of " << format_for_display(totals.conversions, Unit::count) << ")\n";
    const KpiTable conversions = at::attribution_wide_table(paths, runs, at::AttributedMeasure::conversions);
    const KpiTable value = at::attribution_wide_table(paths, runs, at::AttributedMeasure::value);
    for (const KpiTable* table : {&conversions, &value}) {
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> header;
        for (const auto& c : table->columns) header.push_back(c.name);
        rows.push_back(header);
        for (const auto& row : table->rows) {
            std::vector<std::string> cells{to_display_text(row[0])};
            for (std::size_t c = 1; c < row.size(); ++c) cells.push_back(number_text(row[c], table->columns[c].unit));
            rows.push_back(cells);
        }
        print_text_table(out, rows);
        if (table == &conversions)
            out << "\nAttributed value (of " << format_for_display(totals.value, Unit::currency) << ")\n";
    }
    for (const auto& run : runs)
        if (!run.result)
            out << "\n" << at::model_id(run.model) << ": " << error_code(run.result.error().kind) << " "
                << run.result.error().message << '\n';
}

void write_json_report(std::ostream& out, const at::PathInput& input, const PathTotals& totals,
                       const std::vector<at::ModelRun>& runs) {
    nlohmann::ordered_json models = nlohmann::ordered_json::array();
    for (const auto& run : runs) {
        nlohmann::ordered_json model{{"model", at::model_id(run.model)}, {"title", at::model_title(run.model)}};
        if (!run.result) {
            model["error"] = error_code(run.result.error().kind);
            model["error_message"] = run.result.error().message;
        } else {
            const at::Attribution& a = run.result.value();
            nlohmann::ordered_json channels = nlohmann::ordered_json::array();
            for (std::size_t c = 0; c < a.channels.size(); ++c) {
                nlohmann::ordered_json channel{{"channel", input.paths.channels()[c]},
                                               {"attributed_conversions", a.channels[c].conversions},
                                               {"attributed_value", a.channels[c].value},
                                               {"share", a.channels[c].conversions / a.total_conversions}};
                if (run.model == at::Model::markov) channel["removal_effect"] = a.removal_effects[c];
                channels.push_back(std::move(channel));
            }
            if (run.model == at::Model::markov) model["conversion_probability"] = a.conversion_probability;
            model["channels"] = std::move(channels);
        }
        models.push_back(std::move(model));
    }
    nlohmann::ordered_json rejected = nlohmann::ordered_json::array();
    for (const auto& r : input.rejected) rejected.push_back({{"line", r.line}, {"column", r.column}, {"reason", r.reason}});
    nlohmann::ordered_json document{{"rows_read", input.rows_read},
                                    {"rows_rejected", input.rejected.size()},
                                    {"rejected", rejected},
                                    {"paths", totals.paths},
                                    {"total_conversions", totals.conversions},
                                    {"total_value", totals.value},
                                    {"total_nulls", totals.nulls},
                                    {"models", models}};
    // Cells are the export's bytes, which need not be UTF-8: such a byte
    // becomes U+FFFD rather than an exception that loses the whole report.
    out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

void report_input(std::ostream& err, const std::string& file, const at::PathInput& input, const PathTotals& totals,
                  bool touchpoints) {
    for (std::size_t i = 0; i < input.rejected.size() && i < rejected_rows_shown; ++i) {
        const auto& r = input.rejected[i];
        err << file << ": line " << r.line << (r.column.empty() ? "" : ", column " + r.column) << ": " << r.reason
            << " (row rejected)\n";
    }
    if (input.rejected.size() > rejected_rows_shown)
        err << "... and " << input.rejected.size() - rejected_rows_shown << " more rejected rows\n";
    err << file << ": read " << input.rows_read << " rows, used " << input.rows_read - input.rejected.size()
        << ", rejected " << input.rejected.size();
    if (touchpoints)
        err << "; " << input.journeys << " journeys into " << totals.paths << " paths, "
            << input.touches_outside_lookback << " touches outside the lookback window left out";
    if (touchpoints && input.values_not_on_conversions > 0)
        err << "; " << input.values_not_on_conversions
            << " values on touches that did not convert not used (a value counts on the converting touch)";
    err << '\n';
}

}  // namespace

int attribute_command(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    po::options_description input_options("Input");
    input_options.add_options()
        ("paths,p", po::value<std::string>(), "paths export (CSV): one row per path, \"search > email\", with conversions, value, nulls")
        ("touchpoints", po::value<std::string>(), "raw touchpoints (CSV): journey_id, timestamp, channel, converted, value, stage")
        ("separator", po::value<char>(), "CSV field separator (default: detected among , ; and tab)")
        ("decimal-comma", po::bool_switch(), "numbers use ',' as the decimal mark")
        ("touch-separator", po::value<std::string>()->default_value(">"), "what separates the channels of a path")
        ("path-column", po::value<std::string>()->default_value("path"), "paths: column of the path")
        ("conversions-column", po::value<std::string>()->default_value("conversions"), "paths: column of conversions")
        ("value-column", po::value<std::string>()->default_value("value"), "paths and touchpoints: column of conversion value (optional)")
        ("nulls-column", po::value<std::string>()->default_value("nulls"), "paths: column of non-converting journeys (optional)")
        ("lead-touch-column", po::value<std::string>()->default_value("lead_touch"), "paths: 1-based touch that created the lead (optional)")
        ("opportunity-touch-column", po::value<std::string>()->default_value("opportunity_touch"), "paths: 1-based touch that created the opportunity (optional)")
        ("days-column", po::value<std::string>()->default_value("days_before_conversion"), "paths: days before the conversion per touch, \"9 > 2 > 0\" (optional)")
        ("journey-column", po::value<std::string>()->default_value("journey_id"), "touchpoints: column of the journey")
        ("timestamp-column", po::value<std::string>()->default_value("timestamp"), "touchpoints: column of the touch time")
        ("channel-column", po::value<std::string>()->default_value("channel"), "touchpoints: column of the channel")
        ("converted-column", po::value<std::string>()->default_value("converted"), "touchpoints: 1 on the touch where the journey converted")
        ("stage-column", po::value<std::string>()->default_value("stage"), "touchpoints: \"lead\" or \"opportunity\" on the touch that created it (optional)")
        ("date-order", po::value<std::string>()->default_value("iso"), "touchpoints: iso, dmy or mdy")
        ("lookback", po::value<double>()->default_value(30.0), "touchpoints: days before a conversion a touch still counts (0: no limit)")
        ("strict", po::bool_switch(), "stop at the first rejected row instead of reporting it");
    po::options_description model_options("Models");
    model_options.add_options()
        ("models,m", po::value<std::string>()->default_value("all"), "all, or a comma-separated list of model ids")
        ("no-nulls", po::bool_switch(), "Markov: leave the non-converting journeys out of the chain")
        ("markov-order", po::value<int>()->default_value(1), "Markov: states remember the last N channels (1-4)")
        ("position-weights", po::value<std::string>()->default_value("0.4,0.4"), "position-based: first,last shares")
        ("half-life", po::value<double>()->default_value(7.0), "time decay: half-life in days")
        ("w-weights", po::value<std::string>()->default_value("0.3,0.3,0.3"), "W-shaped: first,lead,opportunity shares")
        ("direct-channels", po::value<std::string>()->default_value("direct"), "last non-direct touch: channels that count as direct");
    po::options_description output_options("Output");
    output_options.add_options()
        ("format,f", po::value<std::string>()->default_value("text"), "text, csv, json or xlsx")
        ("output,o", po::value<std::string>(), "file to write (default: standard output; required for xlsx)");
    po::options_description options;
    options.add(input_options).add(model_options).add(output_options);
    po::variables_map values;
    std::string summary = "Shares conversions and value among channels with every attribution model side by side.\nModels: all";
    for (at::Model m : at::all_models()) summary += ", " + std::string(at::model_id(m));
    if (auto done = parse_options("attribute", summary + ".", options, args, values)) return *done;
    auto usage_error = [](const std::string& message) {
        std::cerr << "kpilot attribute: " << message << "\n(see 'kpilot attribute --help')\n";
        return exit_usage;
    };
    if (values.count("paths") == values.count("touchpoints")) return usage_error("give --paths FILE or --touchpoints FILE");
    const std::string format = values["format"].as<std::string>();
    if (format != "text" && format != "csv" && format != "json" && format != "xlsx")
        return usage_error("--format must be text, csv, json or xlsx, got '" + format + "'");
    if (format == "xlsx" && !values.count("output")) return usage_error("xlsx needs a file: -o FILE.xlsx");
    auto models = at::parse_model_list(values["models"].as<std::string>());
    if (!models) return usage_error(models.error().message);

    at::ModelOptions model;
    model.markov_use_nulls = !values["no-nulls"].as<bool>();
    model.markov_order = values["markov-order"].as<int>();
    model.half_life_days = values["half-life"].as<double>();
    const auto position = numbers_list(values["position-weights"].as<std::string>(), 2);
    if (!position) return usage_error("--position-weights takes two numbers, first,last (such as 0.4,0.4)");
    model.position_first = (*position)[0];
    model.position_last = (*position)[1];
    const auto w = numbers_list(values["w-weights"].as<std::string>(), 3);
    if (!w) return usage_error("--w-weights takes three numbers, first,lead,opportunity (such as 0.3,0.3,0.3)");
    model.w_first = (*w)[0];
    model.w_lead = (*w)[1];
    model.w_opportunity = (*w)[2];
    model.direct_channels = split_commas(values["direct-channels"].as<std::string>());
    if (auto ok = at::check_options(model); !ok) return usage_error(ok.error().message);

    CsvOptions csv;
    csv.decimal_comma = values["decimal-comma"].as<bool>();
    if (values.count("separator")) csv.separator = values["separator"].as<char>();
    const bool strict = values["strict"].as<bool>();
    const bool touchpoints = values.count("touchpoints") > 0;
    const std::string file = values[touchpoints ? "touchpoints" : "paths"].as<std::string>();
    // Paths are attributed as they are read, never held: memory stays flat
    // whatever the file's length. Touchpoints must be sorted into journeys first.
    at::PathInput in;
    PathTotals totals;
    std::vector<at::ModelRun> runs;
    std::optional<Error> failure;
    if (touchpoints) {
        at::TouchpointReadOptions read;
        read.csv = csv;
        read.strict = strict;
        read.lookback_days = values["lookback"].as<double>();
        if (read.lookback_days < 0.0) return usage_error("--lookback must be 0 (no limit) or more days");
        const auto order = date_order_from_string(values["date-order"].as<std::string>());
        if (!order) return usage_error("--date-order must be iso, dmy or mdy");
        read.date_order = *order;
        read.columns = {values["journey-column"].as<std::string>(), values["timestamp-column"].as<std::string>(),
                        values["channel-column"].as<std::string>(), values["converted-column"].as<std::string>(),
                        values["value-column"].as<std::string>(),   values["stage-column"].as<std::string>()};
        auto input = at::read_touchpoints_csv(file, read);
        if (input) {
            in = std::move(input).value();
            for (const at::Path& path : in.paths.paths()) totals.add(path);
            runs = at::run_models(in.paths, models.value(), model);
        } else {
            failure = input.error();
        }
    } else {
        at::PathReadOptions read;
        read.csv = csv;
        read.strict = strict;
        read.touch_separator = values["touch-separator"].as<std::string>();
        if (read.touch_separator.empty()) return usage_error("--touch-separator cannot be empty");
        read.columns = {values["path-column"].as<std::string>(),        values["conversions-column"].as<std::string>(),
                        values["value-column"].as<std::string>(),       values["nulls-column"].as<std::string>(),
                        values["lead-touch-column"].as<std::string>(),  values["opportunity-touch-column"].as<std::string>(),
                        values["days-column"].as<std::string>()};
        at::PathAttributor attributor(in.paths, models.value(), model);
        auto report = at::stream_paths_csv(file, read, in.paths, [&](const at::Path& path) {
            attributor.add(path);
            totals.add(path);
        });
        if (report) {
            in.rows_read = report.value().rows_read;
            in.rejected = std::move(report.value().rejected);
            runs = std::move(attributor).finish();
        } else {
            failure = report.error();
        }
    }
    if (failure) {
        std::cerr << "kpilot attribute: " << failure->message
                  << (failure->message.find("no column") != std::string::npos
                          ? " (other column names: --path-column, --conversions-column and the like)"
                          : "")
                  << '\n';
        return strict && failure->message.rfind(file + ":", 0) == 0 ? exit_rows_rejected : exit_failure;
    }

    if (format == "xlsx") {
        const std::string error = write_tables_xlsx(
            values["output"].as<std::string>(),
            {{"Conversions", at::attribution_wide_table(in.paths, runs, at::AttributedMeasure::conversions)},
             {"Value", at::attribution_wide_table(in.paths, runs, at::AttributedMeasure::value)},
             {"Details", at::attribution_long_table(in.paths, runs)}});
        if (!error.empty()) {
            std::cerr << "kpilot attribute: " << error << '\n';
            return exit_failure;
        }
    } else {
        std::ofstream out_file;
        if (values.count("output")) {
            out_file.open(values["output"].as<std::string>(), std::ios::binary);
            if (!out_file) {
                std::cerr << "kpilot attribute: cannot write " << values["output"].as<std::string>() << '\n';
                return exit_failure;
            }
        }
        std::ostream& out = values.count("output") ? out_file : std::cout;
        if (format == "csv") write_csv(out, at::attribution_long_table(in.paths, runs));
        else if (format == "json") write_json_report(out, in, totals, runs);
        else write_text_report(out, in.paths, totals, runs);
        out.flush();
    }
    report_input(std::cerr, file, in, totals, touchpoints);
    return in.rejected.empty() ? exit_ok : exit_rows_rejected;
}

}  // namespace kpilot::cli
