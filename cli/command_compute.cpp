#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "command_options.hpp"
#include "kpilot/display_format.hpp"
#include "kpilot/grouped_kpis.hpp"
#include "text_table.hpp"

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

std::string group_label(const KpiGroup& group) {
    if (group.key.empty()) return "Total";
    std::string label;
    for (const auto& part : group.key) label += (label.empty() ? "" : " / ") + (part.empty() ? "(blank)" : part);
    return label;
}

void write_text(std::ostream& out, const GroupedKpis& result) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header{"KPI"};
    for (const auto& group : result.groups) header.push_back(group_label(group));
    rows.push_back(header);
    for (std::size_t k = 0; k < result.kpis.size(); ++k) {
        const KpiDefinition& kpi = *result.kpis[k];
        std::vector<std::string> row{kpi.title + " (" + kpi.worksheet_name + ")"};
        for (std::size_t g = 0; g < result.groups.size(); ++g) {
            const Result<Value>& v = result.values[g][k];
            row.push_back(v ? format_for_display(v.value(), kpi.unit) : std::string(error_code(v.error().kind)));
        }
        rows.push_back(row);
    }
    print_text_table(out, rows);
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// Long form: one row per group and KPI, raw numbers, the error and its reason.
void write_csv(std::ostream& out, const GroupedKpis& result) {
    for (const auto& column : result.group_columns) out << csv_field(column) << ',';
    out << "kpi,value,unit,error,error_message\n";
    for (std::size_t g = 0; g < result.groups.size(); ++g)
        for (std::size_t k = 0; k < result.kpis.size(); ++k) {
            const auto& group = result.groups[g];
            for (std::size_t c = 0; c < result.group_columns.size(); ++c)
                out << csv_field(group.key.empty() ? "Total" : group.key[c]) << ',';
            const Result<Value>& v = result.values[g][k];
            const std::string value = !v                      ? ""
                                      : v.value().is_number() ? to_round_trip_text(v.value().number())
                                                              : csv_field(to_display_text(v.value()));
            out << result.kpis[k]->id << ',' << value << ','
                << to_string(result.kpis[k]->unit) << ','
                << (v ? "" : std::string(error_code(v.error().kind))) << ',' << (v ? "" : csv_field(v.error().message))
                << '\n';
        }
}

void write_json(std::ostream& out, const GroupedKpis& result) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t g = 0; g < result.groups.size(); ++g)
        for (std::size_t k = 0; k < result.kpis.size(); ++k) {
            nlohmann::json row;
            const auto& group = result.groups[g];
            for (std::size_t c = 0; c < result.group_columns.size(); ++c)
                row[result.group_columns[c]] = group.key.empty() ? nlohmann::json(nullptr) : nlohmann::json(group.key[c]);
            row["total"] = group.key.empty();
            row["kpi"] = result.kpis[k]->id;
            row["unit"] = to_string(result.kpis[k]->unit);
            const Result<Value>& v = result.values[g][k];
            if (v && v.value().is_number())
                row["value"] = v.value().number();
            else if (v)
                row["value"] = to_display_text(v.value());
            else {
                row["value"] = nullptr;  // never 0: a missing value must stay missing
                row["error"] = error_code(v.error().kind);
                row["error_message"] = v.error().message;
            }
            rows.push_back(row);
        }
    nlohmann::json document{{"rows_read", result.rows_read},
                            {"rows_used", result.rows_used},
                            {"rows_rejected", result.rejected.size()},
                            {"results", rows}};
    out << document.dump(2) << '\n';
}

void report_rows(std::ostream& err, const std::string& path, const GroupedKpis& result) {
    err << path << ": read " << result.rows_read << " rows, used " << result.rows_used << ", rejected "
        << result.rejected.size() << '\n';
    for (std::size_t i = 0; i < result.rejected.size() && i < rejected_rows_shown; ++i) {
        const auto& r = result.rejected[i];
        err << "  " << path << ": line " << r.line << (r.column.empty() ? "" : ", column " + r.column) << ": "
            << r.reason << '\n';
    }
    if (result.rejected.size() > rejected_rows_shown)
        err << "  ... and " << result.rejected.size() - rejected_rows_shown << " more rejected rows\n";
}

}  // namespace

int compute_command(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    po::options_description options("Options");
    options.add_options()
        ("data,d", po::value<std::string>()->required(), "CSV file of exported rows")
        ("by,b", po::value<std::vector<std::string>>()->multitoken(), "columns to group by (comma-separated or repeated)")
        ("format,f", po::value<std::string>()->default_value("text"), "text, csv or json")
        ("output,o", po::value<std::string>(), "file to write (default: standard output)")
        ("separator", po::value<char>(), "field separator (default: detected among , ; and tab)")
        ("decimal-comma", po::bool_switch(), "numbers use ',' as the decimal mark (1 234,56)")
        ("strict", po::bool_switch(), "stop at the first rejected row instead of reporting it");
    po::variables_map values;
    if (auto done = parse_options("compute",
                                  "Computes every built-in KPI whose inputs are columns of the data (columns named "
                                  "after KPI arguments, such as leads and opportunities), per group and in total, "
                                  "from summed inputs.",
                                  options, args, values))
        return *done;
    const std::string format = values["format"].as<std::string>();
    if (format != "text" && format != "csv" && format != "json") {
        std::cerr << "kpilot compute: --format must be text, csv or json, got '" << format << "'\n";
        return exit_usage;
    }
    const std::string path = values["data"].as<std::string>();
    CsvOptions csv;
    csv.decimal_comma = values["decimal-comma"].as<bool>();
    if (values.count("separator")) csv.separator = values["separator"].as<char>();
    const auto table = read_csv_file(path, csv);
    if (!table) {
        std::cerr << "kpilot compute: " << table.error().message << '\n';
        return exit_failure;
    }
    const std::vector<std::string> by = values.count("by") ? split_list(values["by"].as<std::vector<std::string>>())
                                                           : std::vector<std::string>{};
    const auto result = compute_builtin_kpis_by_group(table.value(), by, csv.decimal_comma);
    if (!result) {
        std::cerr << "kpilot compute: " << path << ": " << result.error().message << '\n';
        return exit_failure;
    }
    const GroupedKpis& kpis = result.value();
    if (values["strict"].as<bool>() && !kpis.rejected.empty()) {
        const auto& r = kpis.rejected.front();
        std::cerr << "kpilot compute: " << path << ": line " << r.line << (r.column.empty() ? "" : ", column " + r.column)
                  << ": " << r.reason << " (stopped: --strict)\n";
        return exit_rows_rejected;
    }

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
        write_json(out, kpis);
    else if (format == "csv")
        write_csv(out, kpis);
    else
        write_text(out, kpis);
    report_rows(std::cerr, path, kpis);
    return kpis.rejected.empty() ? exit_ok : exit_rows_rejected;
}

}  // namespace kpilot::cli
