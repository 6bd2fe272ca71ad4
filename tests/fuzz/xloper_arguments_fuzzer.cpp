// The Excel add-in's argument conversion over XLOPER12s built from arbitrary
// bytes, called through the XLL's own exports as Excel calls them (every
// worksheet function of generated_entry_points, with exactly its number of
// arguments), natively, with the fake Excel of excel-addin/tests/support
// answering xlCoerce and xlFree from a small sheet.
//
// Every type Excel can pass and some it never does: numbers (NaN, infinities,
// denormals), strings whose length prefix runs to 65,535 (Excel's cells stop
// at 32,767) in a buffer of exactly that many units, so ASan sees any read past
// it; booleans and error codes of any int; arrays empty, negative-sized,
// without cells, of a million cells, and holding arrays and references;
// references to one area, to many (read through xlCoerce one at a time),
// off the sheet, inverted, on another sheet or over cells Excel has not
// calculated; xltype flags Excel sets on what it owns; types no cell holds.
//
// After each call: the result is one a cell can hold (a number finite), every
// xlbitDLLFree block goes back through xlAutoFree12 and is the last one held,
// every xlCoerce result went back through xlFree, and the thread's
// floating-point state is as it was.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "addin_exports.hpp"
#include "excel_callback.hpp"
#include "excel_opers.hpp"
#include "excel_results.hpp"
#include "export_call.hpp"
#include "fake_excel.hpp"
#include "floating_point_state.hpp"
#include "kpi_entry_points.hpp"
#include "model_functions.hpp"

namespace {

using namespace kpilot;
using namespace kpilot::xll;
using fake::FakeExcel;

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "xloper_arguments: %s\n", what.c_str());
    std::abort();
}

// The fake sheet: numbers, text, blanks, booleans and errors in rows 0-63 of
// columns 0-7, and two cells Excel has not calculated yet (row 40, columns 6 and 7).
constexpr RW sheet_rows = 64;
constexpr COL sheet_columns = 8;
// Column 9 holds a million scores, as a survey export fills a column.
constexpr COL million_column = 9;

void fill_sheet(FakeExcel& excel) {
    const char* channels[] = {"Search > Email", "Social", "Email > Email > Direct", "", " ", "A >  > B"};
    const int errors[] = {xlerrNull, xlerrDiv0, xlerrValue, xlerrRef, xlerrName, xlerrNum, xlerrNA};
    for (RW r = 0; r < sheet_rows; ++r) {
        excel.set_cell(r, 0, channels[r % 6]);
        excel.set_cell(r, 1, static_cast<double>(r % 5));
        excel.set_cell(r, 2, 10.0 - (r % 11));
        excel.set_cell(r, 3, r % 7 == 0 ? Value() : Value(1000.5 * r));
        excel.set_cell(r, 4, r % 3 == 0 ? Value(true) : Value("12 > 3 > 0"));
        excel.set_cell(r, 5, r % 9 == 0 ? Value(Error{ErrorKind::div0, ""}) : Value(static_cast<double>(r)));
        excel.set_cell(r, 6, static_cast<double>(errors[r % 7]));
        excel.set_cell(r, 7, r % 2 ? Value("position_first") : Value(0.25));
    }
    std::vector<double> scores(static_cast<std::size_t>(FakeExcel::sheet_rows));
    for (std::size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<double>(i % 11);
    excel.set_number_column(million_column, std::move(scores));
    excel.set_uncalculated(40, 6, true);
    excel.set_uncalculated(40, 7, true);
}

// A model for KPI.EVAL, so its arguments reach a model's formulas.
void load_model() {
    const std::string path = "/tmp/kpilot-xloper-fuzz-model-" + std::to_string(::getpid()) + ".json";
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fputs(R"json({"measures": {"spend": {"aggregate": "sum", "column": "spend"},
                                       "revenue": {"aggregate": "sum", "column": "revenue"},
                                       "leads": {"aggregate": "sum", "column": "leads"}},
                          "kpis": {"romi": "(revenue * 0.6 - spend) / spend", "cpl": "KPI.CPL(spend, leads)",
                                   "growth": "revenue ^ (1 / leads) - 1"}})json",
                   f);
        std::fclose(f);
    }
    const std::string problem = load_model_file(path);
    std::remove(path.c_str());
    if (!problem.empty()) finding("the fuzzer's own model does not load: " + problem);
}

// Owns everything one input's XLOPER12s point to, in blocks of exactly the size they claim.
class OperBuilder {
public:
    explicit OperBuilder(FuzzedDataProvider& in) : in_(in) {}

    XLOPER12* argument() { return keep(oper(0)); }

private:
    static constexpr int deepest = 3;

    XLOPER12 oper(int depth) {
        XLOPER12 x{};
        switch (in_.ConsumeIntegralInRange<int>(0, 13)) {
            case 0: x.xltype = xltypeNum, x.val.num = number(); break;
            case 1: x.xltype = xltypeStr, x.val.str = text(); break;
            case 2: x.xltype = xltypeBool, x.val.xbool = in_.ConsumeBool() ? 1 : in_.ConsumeIntegral<int>(); break;
            case 3: x.xltype = xltypeErr, x.val.err = error_code(); break;
            case 4: x.xltype = xltypeInt, x.val.w = in_.ConsumeIntegral<int>(); break;
            case 5: x.xltype = xltypeMissing; break;
            case 6: x.xltype = xltypeNil; break;
            case 7: array(x, depth); break;
            case 8: x.xltype = xltypeSRef, x.val.sref.count = 1, x.val.sref.ref = area(); break;
            case 9: reference(x); break;
            case 10: {
                // A type no cell holds (flow, bigdata, two types at once), with nothing to point at.
                const std::uint32_t odd[] = {xltypeFlow, 0x0802, xltypeNum | xltypeStr, 0x0200, 0xFFFF, 0};
                x.xltype = odd[in_.ConsumeIntegralInRange<std::size_t>(0, std::size(odd) - 1)];
                x.val.num = 0;
                break;
            }
            default: {
                // What Excel owns carries xlbitXLFree; xlbitDLLFree on an argument is a caller's mistake.
                x = depth < deepest ? oper(depth + 1) : XLOPER12{};
                x.xltype |= in_.ConsumeBool() ? xlbitXLFree : xlbitDLLFree;
                break;
            }
        }
        return x;
    }

    double number() {
        switch (in_.ConsumeIntegralInRange<int>(0, 7)) {
            case 0: return std::numeric_limits<double>::quiet_NaN();
            case 1: return in_.ConsumeBool() ? HUGE_VAL : -HUGE_VAL;
            case 2: return std::numeric_limits<double>::denorm_min() * in_.ConsumeIntegralInRange<int>(-9, 9);
            case 3: return in_.ConsumeBool() ? -0.0 : std::numeric_limits<double>::max();
            case 4: return static_cast<double>(in_.ConsumeIntegralInRange<int>(-3, 12));
            default: return in_.ConsumeFloatingPoint<double>();
        }
    }

    int error_code() {
        const int documented[] = {xlerrNull, xlerrDiv0, xlerrValue, xlerrRef, xlerrName, xlerrNum, xlerrNA, 43};
        if (in_.ConsumeBool()) return documented[in_.ConsumeIntegralInRange<std::size_t>(0, std::size(documented) - 1)];
        return in_.ConsumeIntegral<int>();
    }

    // The length prefix, then exactly that many units: short ones from the input
    // (unpaired surrogates included), long ones a repeated unit up to 65,535.
    XCHAR* text() {
        if (in_.ConsumeIntegralInRange<int>(0, 31) == 0) return nullptr;
        std::size_t length = in_.ConsumeIntegralInRange<std::size_t>(0, 40);
        if (in_.ConsumeIntegralInRange<int>(0, 15) == 0) length = in_.ConsumeIntegralInRange<std::size_t>(0, 65535);
        auto& units = strings_.emplace_back(std::make_unique<XCHAR[]>(1 + length));
        units[0] = static_cast<XCHAR>(length);
        if (length <= 40) {
            const std::string typed = in_.ConsumeBytesAsString(length * 2);
            for (std::size_t i = 0; i < length; ++i)
                units[1 + i] = 2 * i + 1 < typed.size()
                                   ? static_cast<XCHAR>(static_cast<unsigned char>(typed[2 * i]) |
                                                        static_cast<unsigned char>(typed[2 * i + 1]) << 8)
                                   : u'>';
        } else {
            const auto unit = in_.ConsumeIntegral<std::uint16_t>();
            for (std::size_t i = 0; i < length; ++i) units[1 + i] = unit;
        }
        return units.get();
    }

    void array(XLOPER12& x, int depth) {
        x.xltype = xltypeMulti;
        RW rows = in_.ConsumeIntegralInRange<RW>(-1, 6);
        COL columns = in_.ConsumeIntegralInRange<COL>(-1, 6);
        switch (in_.ConsumeIntegralInRange<int>(0, 63)) {
            case 0: rows = 1 << 20, columns = 1; break;  // a whole column of numbers
            case 1: rows = in_.ConsumeIntegral<RW>(), columns = in_.ConsumeIntegral<COL>(); break;
            default: break;
        }
        x.val.array.rows = rows;
        x.val.array.columns = columns;
        const std::int64_t cells = static_cast<std::int64_t>(rows) * columns;
        // Sizes no array of this input could back: Excel never passes them, and there is nothing to point at.
        // Only the whole column above is backed beyond 4,096 cells, so that an input stays cheap.
        const bool backed = cells == (1 << 20) || cells <= 4096;
        if (rows <= 0 || columns <= 0 || !backed || in_.ConsumeIntegralInRange<int>(0, 31) == 0) {
            x.val.array.lparray = nullptr;
            return;
        }
        auto& block = arrays_.emplace_back(std::make_unique<XLOPER12[]>(static_cast<std::size_t>(cells)));
        if (cells > 64) {
            // A large range: the input's numbers, repeated.
            const double pattern[] = {number(), number(), static_cast<double>(in_.ConsumeIntegralInRange<int>(0, 10))};
            for (std::int64_t i = 0; i < cells; ++i) {
                block[i].xltype = xltypeNum;
                block[i].val.num = pattern[i % 3];
            }
            if (in_.ConsumeBool()) block[cells - 1] = depth < deepest ? oper(depth + 1) : XLOPER12{};
        } else {
            for (std::int64_t i = 0; i < cells; ++i) block[i] = depth < deepest ? oper(depth + 1) : XLOPER12{};
        }
        x.val.array.lparray = block.get();
    }

    XLREF12 area() {
        XLREF12 a{};
        switch (in_.ConsumeIntegralInRange<int>(0, 63)) {
            case 0:  // anywhere, off the sheet and inverted included
                a.rwFirst = in_.ConsumeIntegral<RW>(), a.rwLast = in_.ConsumeIntegral<RW>();
                a.colFirst = in_.ConsumeIntegral<COL>(), a.colLast = in_.ConsumeIntegral<COL>();
                return a;
            case 1:  // a whole column of Excel's sheet: the million scores, rarely a blank one
                a.rwFirst = 0, a.rwLast = FakeExcel::sheet_rows - 1;
                a.colFirst = a.colLast =
                    in_.ConsumeIntegralInRange<int>(0, 15) == 0 ? sheet_columns + 1 : million_column;
                return a;
            default:
                a.rwFirst = in_.ConsumeIntegralInRange<RW>(-1, sheet_rows);
                a.rwLast = a.rwFirst + in_.ConsumeIntegralInRange<RW>(-1, 12);
                a.colFirst = in_.ConsumeIntegralInRange<COL>(-1, sheet_columns);
                a.colLast = a.colFirst + in_.ConsumeIntegralInRange<COL>(-1, 3);
                return a;
        }
    }

    // XLMREF12 declares one area; the block holds exactly `count` of them (at least the declared one).
    void reference(XLOPER12& x) {
        x.xltype = xltypeRef;
        x.val.mref.idSheet = in_.ConsumeIntegralInRange<int>(0, 7) == 0 ? 0xBAD : FakeExcel::sheet_id;
        if (in_.ConsumeIntegralInRange<int>(0, 31) == 0) {
            x.val.mref.lpmref = nullptr;
            return;
        }
        const auto count = in_.ConsumeIntegralInRange<std::uint16_t>(0, 6);
        const std::size_t areas = count == 0 ? 1 : count;
        auto& bytes = area_lists_.emplace_back(
            std::make_unique<unsigned char[]>(sizeof(XLMREF12) + (areas - 1) * sizeof(XLREF12)));
        auto* list = reinterpret_cast<XLMREF12*>(bytes.get());
        list->count = count;
        for (std::size_t k = 0; k < areas; ++k) list->reftbl[k] = area();
        x.val.mref.lpmref = list;
    }

    XLOPER12* keep(XLOPER12 x) {
        opers_.push_back(std::make_unique<XLOPER12>(x));
        return opers_.back().get();
    }

    FuzzedDataProvider& in_;
    std::deque<std::unique_ptr<XLOPER12>> opers_;
    std::deque<std::unique_ptr<XCHAR[]>> strings_;
    std::deque<std::unique_ptr<XLOPER12[]>> arrays_;
    std::deque<std::unique_ptr<unsigned char[]>> area_lists_;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    set_excel_entry_point(fake::fake_md_callback12);
    FakeExcel& excel = FakeExcel::instance();
    excel.reset(u"C:\\kpilot\\kpilot-x64.xll");
    fill_sheet(excel);
    load_model();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const std::span<const EntryPoint> functions = generated_entry_points;
    const EntryPoint& f = functions[in.ConsumeIntegralInRange<std::size_t>(0, functions.size() - 1)];
    OperBuilder build(in);
    std::vector<XLOPER12*> arguments;
    for (std::size_t i = 0; i < f.argument_count; ++i)
        arguments.push_back(in.ConsumeIntegralInRange<int>(0, 63) == 0 ? nullptr : build.argument());

    const FloatingPointControl before = current_floating_point_control();
    XLOPER12* result = call_export_at(f.address, arguments);
    if (!(current_floating_point_control() == before))
        finding(std::string(f.export_name) + " left the thread's floating-point state changed");
    const fake::ReadResult read = fake::read_result(result);
    if (!read.problem.empty()) finding(std::string(f.export_name) + " returned " + read.problem);
    if (read.value.is_number() && !std::isfinite(read.value.number()))
        finding(std::string(f.export_name) + " returned a number that is not finite");
    if (read.dll_free) xlAutoFree12(result);
    if (blocks_held_by_excel() != 0)
        finding(std::string(f.export_name) + ": a result block was not handed back or counted twice");
    FakeExcel& excel = FakeExcel::instance();
    if (excel.blocks_outstanding() != 0)
        finding(std::string(f.export_name) + ": an xlCoerce result did not go back through xlFree");
    if (!excel.problems().empty()) finding(std::string(f.export_name) + ": " + excel.problems().front());
    return 0;
}
