// kpilot-xll-bench: what the add-in layer costs on top of the KPI arithmetic,
// measured in one run: each KPI called through the XLL's export (the way
// Excel calls it, XLOPER12s in and out) and the same KPI called on the core
// directly, linked into this program.
//
//   kpilot-xll-bench-x64.exe kpilot-x64.xll            the full run (1,000,000-cell ranges)
//   kpilot-xll-bench-x64.exe kpilot-x64.xll --quick    a smoke run with small sizes
//
// Exits non-zero when the XLL and the core disagree on a result.
#include <windows.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "excel_opers.hpp"
#include "fake_excel.hpp"
#include "kpilot/registry.hpp"
#include "registration.hpp"
#include "xll_under_test.hpp"

namespace {

using namespace kpilot;
using namespace kpilot::xll;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

template <class Run>
double median_seconds(int repetitions, Run run) {
    std::vector<double> times;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = Clock::now();
        run();
        times.push_back(seconds_since(start));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

struct Bench {
    host::XllUnderTest& xll;
    bool agreed = true;

    FARPROC export_of(const char* name) const { return xll.find(name); }

    // Calls through the export and hands xlbitDLLFree results back, as Excel does.
    Value call(FARPROC f, std::span<XLOPER12* const> args) const {
        XLOPER12* result = host::call_export(f, args);
        fake::ReadResult read = fake::read_result(result);
        if (read.dll_free) xll.auto_free(result);
        return read.value;
    }

    void agree(const char* what, const Value& through_xll, const Result<Value>& core) {
        const Value direct = core ? core.value() : Value(core.error());
        const bool same =
            core ? through_xll == direct : through_xll.is_error() && through_xll.error().kind == direct.error().kind;
        if (!same) {
            std::printf("MISMATCH %s: XLL %s, core %s\n", what, to_display_text(through_xll).c_str(),
                        to_display_text(direct).c_str());
            agreed = false;
        }
    }

    void scalar(const char* name, std::vector<Value> inputs, long calls) {
        const KpiDefinition& kpi = *Registry::builtin().find(name);
        fake::Opers opers;
        std::vector<XLOPER12*> args;
        std::vector<Argument> arguments;
        for (const auto& v : inputs) {
            args.push_back(opers.value(v));
            arguments.push_back(Argument::scalar(v));
        }
        // Excel passes every registered argument, omitted ones as xltypeMissing.
        while (args.size() < kpi.parameters.size()) args.push_back(opers.missing());
        const FARPROC f = export_of(export_name(kpi.worksheet_name).c_str());
        agree(name, call(f, args), evaluate(kpi, arguments));

        auto start = Clock::now();
        for (long i = 0; i < calls; ++i) call(f, args);
        const double through_xll = seconds_since(start) / static_cast<double>(calls);
        start = Clock::now();
        for (long i = 0; i < calls; ++i) {
            const Result<Value> r = evaluate(kpi, arguments);
            if (!r) std::printf("unexpected error\n");
        }
        const double direct = seconds_since(start) / static_cast<double>(calls);
        std::printf(
            "%-14s scalar, %ld calls      XLL %8.3f us/call   core %8.3f us/call   add-in layer %8.3f us/call\n", name,
            calls, through_xll * 1e6, direct * 1e6, (through_xll - direct) * 1e6);
    }

    void range(const char* name, long cells, int repetitions) {
        std::vector<double> scores;
        std::vector<XLOPER12> opers_cells(static_cast<std::size_t>(cells));
        scores.reserve(static_cast<std::size_t>(cells));
        for (long i = 0; i < cells; ++i) {
            const double score = static_cast<double>(i % 11);  // 0..10, every answer on the scale
            scores.push_back(score);
            opers_cells[static_cast<std::size_t>(i)].xltype = xltypeNum;
            opers_cells[static_cast<std::size_t>(i)].val.num = score;
        }
        fake::Opers opers;
        XLOPER12* column = opers.multi(static_cast<RW>(cells), 1, opers_cells);
        std::vector<XLOPER12*> args{column};
        // The core called as a native caller would: the numbers as a numeric range.
        const std::vector<Argument> arguments{Argument::range_of_numbers(scores)};
        const KpiDefinition& kpi = *Registry::builtin().find(name);
        const FARPROC f = export_of(export_name(kpi.worksheet_name).c_str());
        agree(name, call(f, args), evaluate(kpi, arguments));

        const double through_xll = median_seconds(repetitions, [&] { call(f, args); });
        const double direct = median_seconds(repetitions, [&] {
            const Result<Value> r = evaluate(kpi, arguments);
            if (!r) std::printf("unexpected error\n");
        });
        std::printf(
            "%-14s %ld cells   XLL %8.2f ms (%6.1f Mcells/s)   core %8.2f ms (%6.1f Mcells/s)   "
            "add-in layer %8.2f ms\n",
            name, cells, through_xll * 1e3, static_cast<double>(cells) / through_xll / 1e6, direct * 1e3,
            static_cast<double>(cells) / direct / 1e6, (through_xll - direct) * 1e3);
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s XLL [--quick]\n", argv[0]);
        return 2;
    }
    const bool quick = argc > 2 && std::strcmp(argv[2], "--quick") == 0;
    host::XllUnderTest xll(argv[1]);
    if (!xll.loaded()) {
        std::printf("cannot load %s: %s\n", argv[1], xll.load_error().c_str());
        return 1;
    }
    fake::FakeExcel::instance().reset(std::u16string(xll.full_path().begin(), xll.full_path().end()));
    if (xll.auto_open() != 1) {
        std::printf("xlAutoOpen failed\n");
        return 1;
    }
    std::printf("kpilot XLL benchmark: %s%s\n", argv[1], quick ? " (quick)" : "");
    Bench bench{xll};
    const long calls = quick ? 2000 : 1000000;
    const long cells = quick ? 10000 : 1000000;
    const int repetitions = quick ? 3 : 15;
    bench.scalar("KPI.ROMI", {1000.0, 0.4, 200.0}, calls);
    bench.scalar("KPI.STATUS", {95.0, 100.0}, calls);
    bench.range("KPI.NPS", cells, repetitions);
    bench.range("KPI.AVGDEAL", cells, repetitions);
    xll.auto_close();
    const bool clean = xll.blocks_held() == 0 && fake::FakeExcel::instance().problems().empty();
    if (!clean) std::printf("the add-in held memory or broke Excel's rules\n");
    return bench.agreed && clean ? 0 : 1;
}
