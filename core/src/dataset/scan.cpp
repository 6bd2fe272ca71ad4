// One pass over the rows of a file, in bounded memory: each row is checked,
// its group found, and its numbers added to the group's measures. Memory grows
// with the number of groups, never with the number of rows.
#include <algorithm>
#include <charconv>
#include <cstring>
#include <unordered_map>

#include "dataset/detail_groups.hpp"
#include "kpilot/column_types.hpp"
#include "kpilot/csv_stream.hpp"
#include "kpilot/number_text.hpp"

namespace kpilot::dataset {

namespace {


std::string join(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t") == std::string_view::npos; }

// Everything about the file that is fixed once the header is known.
struct Binding {
    std::size_t width = 0;
    std::vector<std::size_t> dimension_columns;
    std::optional<std::size_t> date_column;
    std::vector<std::size_t> number_columns;  // columns read as numbers for measures
    struct MeasureInput {
        std::optional<std::size_t> number_slot;   // index into number_columns
        std::optional<std::size_t> text_column;   // for count / count_distinct of a column
        std::optional<std::size_t> filter;        // index into filters
    };
    std::vector<MeasureInput> measures;
    std::vector<Expression> filters;
    std::vector<std::size_t> filter_columns;  // column of each filter slot
    std::vector<ExprType> filter_types;
};

class FilterScope : public ExpressionScope {
public:
    FilterScope(const std::vector<std::string>& header, Binding& binding, const std::vector<ColumnType>& types)
        : header_(header), binding_(binding), types_(types) {}
    std::optional<NameBinding> bind(std::string_view name) const override {
        auto it = std::find(header_.begin(), header_.end(), name);
        if (it == header_.end()) return std::nullopt;
        const auto column = static_cast<std::size_t>(it - header_.begin());
        const ExprType type = types_[column] == ColumnType::number ? ExprType::number : ExprType::text;
        for (std::size_t s = 0; s < binding_.filter_columns.size(); ++s)
            if (binding_.filter_columns[s] == column) return NameBinding{s, binding_.filter_types[s]};
        binding_.filter_columns.push_back(column);
        binding_.filter_types.push_back(type);
        return NameBinding{binding_.filter_columns.size() - 1, type};
    }

private:
    const std::vector<std::string>& header_;
    Binding& binding_;
    const std::vector<ColumnType>& types_;
};

class RowScanner {
public:
    RowScanner(const KpiModel& model, const ComputeOptions& options, CsvStream& csv)
        : model_(model), options_(options), csv_(csv), calendar_{options.grain.value_or(Grain::day), options.fiscal_year_start_month},
          date_order_(options.date_order.value_or(model.date_order)) {}

    Result<ScannedRows> run(bool bind_only) {
        std::vector<std::vector<std::string>> sample;
        std::vector<std::size_t> sample_lines;
        while (sample.size() < rows_sampled_for_column_types) {
            auto more = csv_.next();
            if (!more) return more.error();
            if (!more.value()) break;
            sample.emplace_back(csv_.fields().begin(), csv_.fields().end());
            sample_lines.push_back(csv_.line());
        }
        if (auto problems = bind(sample); !problems.empty())
            return make_error(ErrorKind::value, csv_.source_name() + " does not fit the model:\n  " + join_lines(problems));
        if (bind_only) return ScannedRows{};
        std::vector<std::string_view> views;
        for (std::size_t i = 0; i < sample.size(); ++i) {
            views.assign(sample[i].begin(), sample[i].end());
            if (auto stop = take_row(views, sample_lines[i])) return *stop;
        }
        std::uint64_t next_progress = 0;
        while (true) {
            auto more = csv_.next();
            if (!more) return more.error();
            if (!more.value()) break;
            if (auto stop = take_row(csv_.fields(), csv_.line())) return *stop;
            if (options_.progress && csv_.bytes_consumed() >= next_progress) {
                options_.progress(csv_.bytes_consumed(), csv_.total_bytes());
                next_progress = csv_.bytes_consumed() + (std::uint64_t{8} << 20);
            }
        }
        if (options_.progress) options_.progress(csv_.bytes_consumed(), csv_.total_bytes());
        ScannedRows out;
        out.rows_read = rows_read_;
        out.rows_used = rows_used_;
        out.rejected = std::move(rejected_);
        out.groups = std::move(groups_);
        for (auto& values : dimension_values_) out.dimension_values.push_back(std::move(values.texts));
        return out;
    }

private:
    static std::string join_lines(const std::vector<std::string>& lines) {
        std::string text;
        for (const auto& l : lines) text += (text.empty() ? "" : "\n  ") + l;
        return text;
    }

    std::optional<std::size_t> column(const std::string& name) const {
        const auto& header = csv_.header();
        auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end()) return std::nullopt;
        return static_cast<std::size_t>(it - header.begin());
    }

    std::vector<std::string> bind(const std::vector<std::vector<std::string>>& sample) {
        std::vector<std::string> problems;
        const auto& header = csv_.header();
        const std::string columns_are = "; the columns are " + join(header);
        b_.width = header.size();
        for (const auto& name : options_.by) {
            if (auto c = column(name))
                b_.dimension_columns.push_back(*c);
            else
                problems.push_back("no column \"" + name + "\" to group by" + columns_are);
        }
        dimension_values_.resize(b_.dimension_columns.size());
        if (options_.grain) {
            if (model_.date_column.empty())
                problems.push_back("a grain needs a date column, and the model names none (\"date_column\")");
            else if (auto c = column(model_.date_column))
                b_.date_column = *c;
            else
                problems.push_back("no date column \"" + model_.date_column + "\"" + columns_are);
        }
        // Column types by the rule every front end shares (kpilot/column_types.hpp).
        const std::vector<ColumnType> types = infer_column_types(model_, header, sample, options_.csv.decimal_comma);

        for (const auto& m : model_.measures) {
            Binding::MeasureInput input;
            const std::string where = "measure '" + m.name + "'";
            if (!m.column.empty()) {
                auto c = column(m.column);
                if (!c) {
                    problems.push_back(where + ": no column \"" + m.column + "\"" + columns_are);
                } else if (m.aggregate == Aggregate::count || m.aggregate == Aggregate::count_distinct) {
                    input.text_column = *c;
                } else {
                    auto slot = std::find(b_.number_columns.begin(), b_.number_columns.end(), *c);
                    if (slot == b_.number_columns.end()) {
                        b_.number_columns.push_back(*c);
                        slot = b_.number_columns.end() - 1;
                    }
                    input.number_slot = static_cast<std::size_t>(slot - b_.number_columns.begin());
                }
            }
            if (!m.filter.empty()) {
                FilterScope scope(header, b_, types);
                auto compiled = Expression::compile(m.filter, scope);
                if (auto* error = std::get_if<ExpressionError>(&compiled)) {
                    std::string message = error->message;
                    if (message.starts_with("unknown name")) message += columns_are;
                    problems.push_back(where + ", filter column " + std::to_string(error->column) + ": " + message);
                } else if (std::get<Expression>(compiled).type() == ExprType::text) {
                    problems.push_back(where + ", filter: must be a condition (true or false), not text");
                } else {
                    b_.filters.push_back(std::move(std::get<Expression>(compiled)));
                    input.filter = b_.filters.size() - 1;
                }
            }
            b_.measures.push_back(input);
        }
        filter_slots_.resize(b_.filter_columns.size());
        numbers_.resize(b_.number_columns.size());
        present_.resize(b_.number_columns.size());
        key_.reserve(16);
        return problems;
    }

    // Returns an error only when the scan must stop (strict mode).
    std::optional<Error> reject(std::size_t line, std::string column, std::string reason) {
        if (options_.strict)
            return make_error(ErrorKind::value, csv_.source_name() + ": line " + std::to_string(line) +
                                                    (column.empty() ? "" : ", column " + column) + ": " + reason +
                                                    " (stopped at the first bad row: strict)");
        rejected_.push_back({line, std::move(column), std::move(reason)});
        return std::nullopt;
    }

    std::optional<Error> take_row(std::span<const std::string_view> fields, std::size_t line) {
        ++rows_read_;
        const auto& header = csv_.header();
        if (fields.size() != b_.width)
            return reject(line, "", "has " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(b_.width));

        std::int64_t period = 0;
        if (b_.date_column) {
            const std::string_view text = fields[*b_.date_column];
            if (text != last_date_text_ || !last_date_valid_) {
                const auto serial = parse_date(text, date_order_);
                if (!serial)
                    return reject(line, header[*b_.date_column],
                                  "\"" + std::string(text) + "\" is not a date" +
                                      (date_order_ == DateOrder::iso ? " (ISO 2026-07-31 expected; for 31/07/2026 set the date order)" : ""));
                last_date_text_.assign(text);
                last_period_ = calendar_.period_of(*serial);
                last_date_valid_ = true;
            }
            period = last_period_;
        }
        for (std::size_t i = 0; i < b_.number_columns.size(); ++i) {
            const std::string_view text = trimmed_cell(fields[b_.number_columns[i]]);
            present_[i] = !text.empty();
            if (!present_[i]) continue;
            auto x = read_number_cell(text, options_.csv.decimal_comma);
            if (!x) return reject(line, header[b_.number_columns[i]], "\"" + std::string(text) + "\" is not a number");
            numbers_[i] = *x;
        }
        for (std::size_t s = 0; s < b_.filter_columns.size(); ++s) {
            const std::string_view text = trimmed_cell(fields[b_.filter_columns[s]]);
            Scalar& slot = filter_slots_[s];
            if (b_.filter_types[s] == ExprType::number) {
                slot.kind = Scalar::Kind::number;
                if (text.empty()) {
                    slot.number = 0.0;  // a blank reads as 0 in a comparison, as in a spreadsheet
                    continue;
                }
                auto x = read_number_cell(text, options_.csv.decimal_comma);
                if (!x) return reject(line, header[b_.filter_columns[s]], "\"" + std::string(text) + "\" is not a number");
                slot.number = *x;
            } else {
                slot.kind = Scalar::Kind::text;
                slot.text.assign(text);
            }
        }

        DetailGroup& group = group_for(fields, period);
        ++group.rows;
        ++rows_used_;
        for (std::size_t m = 0; m < b_.measures.size(); ++m) {
            const Binding::MeasureInput& input = b_.measures[m];
            if (input.filter && !b_.filters[*input.filter].holds(filter_slots_)) continue;
            MeasureAccumulator& acc = group.measures[m];
            switch (model_.measures[m].aggregate) {
                case Aggregate::count:
                    if (!input.text_column || !is_blank(fields[*input.text_column])) acc.add_row();
                    break;
                case Aggregate::count_distinct: {
                    const std::string_view text = trimmed_cell(fields[*input.text_column]);
                    if (!text.empty()) acc.add_distinct(text);
                    break;
                }
                default:
                    if (present_[*input.number_slot]) acc.add_number(numbers_[*input.number_slot]);
            }
        }
        return std::nullopt;
    }

    // Dimension values are interned, so a group's key is a few small numbers.
    DetailGroup& group_for(std::span<const std::string_view> fields, std::int64_t period) {
        key_.assign(reinterpret_cast<const char*>(&period), sizeof period);
        for (std::size_t d = 0; d < b_.dimension_columns.size(); ++d) {
            const std::uint32_t id = intern(d, trimmed_cell(fields[b_.dimension_columns[d]]));
            key_.append(reinterpret_cast<const char*>(&id), sizeof id);
        }
        if (auto it = group_of_key_.find(std::string_view(key_)); it != group_of_key_.end()) return groups_[it->second];
        group_of_key_.emplace(key_, groups_.size());
        DetailGroup& group = groups_.emplace_back();
        group.period = period;
        for (std::size_t d = 0; d < b_.dimension_columns.size(); ++d) {
            std::uint32_t id;
            std::memcpy(&id, key_.data() + sizeof period + d * sizeof id, sizeof id);
            group.values.push_back(id);
        }
        group.measures.resize(model_.measures.size());
        return group;
    }

    std::uint32_t intern(std::size_t dimension, std::string_view text) {
        auto& values = dimension_values_[dimension];
        if (auto it = values.ids.find(text); it != values.ids.end()) return it->second;
        const auto id = static_cast<std::uint32_t>(values.texts.size());
        values.texts.emplace_back(text);
        values.ids.emplace(std::string(text), id);
        return id;
    }

    const KpiModel& model_;
    const ComputeOptions& options_;
    CsvStream& csv_;
    Calendar calendar_;
    DateOrder date_order_;
    Binding b_;
    std::vector<Scalar> filter_slots_;
    std::vector<double> numbers_;
    std::vector<char> present_;
    std::string last_date_text_;
    std::int64_t last_period_ = 0;
    bool last_date_valid_ = false;
    std::string key_;
    std::unordered_map<std::string, std::size_t, TransparentHash, std::equal_to<>> group_of_key_;
    std::vector<DetailGroup> groups_;
    struct InternedValues {
        std::vector<std::string> texts;
        std::unordered_map<std::string, std::uint32_t, TransparentHash, std::equal_to<>> ids;
    };
    std::vector<InternedValues> dimension_values_;
    std::size_t rows_read_ = 0, rows_used_ = 0;
    std::vector<InputRejection> rejected_;
};

}  // namespace

Result<ScannedRows> scan_rows(const KpiModel& model, const std::string& data_path, const ComputeOptions& options,
                              bool bind_only) {
    auto csv = CsvStream::open_file(data_path, options.csv);
    if (!csv) return csv.error();
    RowScanner scanner(model, options, csv.value());
    return scanner.run(bind_only);
}

}  // namespace kpilot::dataset
