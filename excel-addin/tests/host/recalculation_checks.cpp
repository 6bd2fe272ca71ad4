#include "recalculation_checks.hpp"

#include <psapi.h>
#include <windows.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "attribution_checks.hpp"
#include "fake_excel.hpp"
#include "floating_point_state.hpp"
#include "utf16.hpp"

namespace kpilot::xll::host {

namespace {

using fake::FakeExcel;

// The floating-point states the calculation threads call the XLL in. Each must
// get every result to the last bit, as one thread in mingw-w64's start-up
// state did, and find its own state unchanged after every call.
struct CallerState {
    const char* what;
    FloatingPointControl control;
};
constexpr CallerState caller_states[] = {
    {"Windows' default (x87 53-bit precision, round to nearest)", {0x027F, 0x1F80}},
    {"mingw-w64's start-up (x87 64-bit precision)", {0x037F, 0x1F80}},
    {"x87 24-bit precision", {0x007F, 0x1F80}},
    {"rounding toward zero", {0x0E7F, 0x7F80}},
    {"rounding down", {0x067F, 0x3F80}},
    {"rounding up", {0x0A7F, 0x5F80}},
    {"SSE flushing denormals to zero", {0x027F, 0x9FC0}},
    {"x87 64-bit precision, rounding toward zero", {0x0F7F, 0x7F80}},
};

std::string hex(unsigned value, int digits) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%0*X", digits, value);
    return text;
}

std::string described(FloatingPointControl c) { return "x87 " + hex(c.x87, 4) + ", MXCSR " + hex(c.mxcsr, 4); }

// Where this check's cells sit on the fake sheet, clear of the other checks'.
constexpr RW first_row = 100;
constexpr COL scores_column = 30;   // ten scores, one of them not calculated yet in row 104
constexpr COL million_column = 31;  // a million scores, the column a large survey export fills
constexpr RW uncalculated_row = 104;
constexpr std::size_t million = 1 << 20;

// One call of the mix: its arguments, built afresh on the calling thread, and the
// results it may give (two for KPI.EVAL: one per model).
struct PlannedCall {
    std::string what;
    Registered function;
    std::function<std::vector<XLOPER12*>(Opers&)> arguments;
    std::vector<std::string> allowed;
    bool heavy = false;
};

// Two models with a KPI of the same name that reads the same measures in
// opposite orders: KPI.EVAL("lift", 200, 1000) is 4 in one and -4 in the other,
// and a mix of one's formula with the other's inputs gives 0.8 or -0.8.
const std::string model_a_path = own_file("kpilot-recalculation-model-a", ".json");
const std::string model_b_path = own_file("kpilot-recalculation-model-b", ".json");
constexpr const char* model_a =
    R"json({"measures": {"spend": {"aggregate": "sum", "column": "spend"}, "revenue": {"aggregate": "sum", "column": "revenue"},
                    "leads": {"aggregate": "sum", "column": "leads"}},
       "kpis": {"lift": "(revenue - spend) / spend", "cpl": "KPI.CPL(spend, leads)"}})json";
constexpr const char* model_b =
    R"json({"measures": {"revenue": {"aggregate": "sum", "column": "revenue"}, "spend": {"aggregate": "sum", "column": "spend"}},
       "kpis": {"lift": "(revenue - spend) / revenue", "growth": "(revenue / spend) ^ 0.5 - 1"}})json";

bool write_file(const std::string& path, const char* text) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    const bool ok = std::fputs(text, f) >= 0;
    return std::fclose(f) == 0 && ok;
}

// Bytes the process's heaps hand out, walked block by block while no other thread runs.
std::size_t heap_bytes_in_use() {
    HANDLE heaps[64];
    const DWORD count = GetProcessHeaps(64, heaps);
    std::size_t busy = 0;
    for (DWORD h = 0; h < count && h < 64; ++h) {
        if (!HeapLock(heaps[h])) continue;
        PROCESS_HEAP_ENTRY entry{};
        while (HeapWalk(heaps[h], &entry))
            if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) busy += entry.cbData;
        HeapUnlock(heaps[h]);
    }
    return busy;
}

struct MemoryFigures {
    std::size_t heap = 0;           // heap_bytes_in_use, less what the add-in's buffer pool keeps on purpose
    std::size_t pool = 0;           // the pool's warm buffers (number_buffers.hpp: at most 64 MB)
    std::size_t private_bytes = 0;  // PROCESS_MEMORY_COUNTERS_EX.PrivateUsage (wine: PagefileUsage)
    std::size_t working_set = 0;
};

MemoryFigures measure_memory(const XllUnderTest& xll) {
    MemoryFigures m;
    const long long pool = xll.kept_number_buffer_bytes();
    m.pool = pool > 0 ? static_cast<std::size_t>(pool) : 0;
    const std::size_t heap = heap_bytes_in_use();
    m.heap = heap > m.pool ? heap - m.pool : 0;
    PROCESS_MEMORY_COUNTERS_EX counters{};
    counters.cb = sizeof counters;
    if (K32GetProcessMemoryInfo(GetCurrentProcess(), reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&counters),
                                sizeof counters)) {
        // Wine leaves PrivateUsage 0 and fills PagefileUsage, which Windows sets to the same commit charge.
        m.private_bytes = counters.PrivateUsage ? counters.PrivateUsage : counters.PagefileUsage;
        m.working_set = counters.WorkingSetSize;
    }
    return m;
}

std::string megabytes(std::size_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f MB", static_cast<double>(bytes) / (1 << 20));
    return text;
}

std::string signed_megabytes(long long bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%+.3f MB", static_cast<double>(bytes) / (1 << 20));
    return text;
}

class Mix {
public:
    Mix(Host& host, const testing::CaseFile& cases, bool heavy) : host_(host) {
        add_cases(cases);
        add_error_paths();
        add_attribution();
        add_models();
        if (heavy) add_million_cell_ranges();
    }

    const std::vector<PlannedCall>& calls() const { return calls_; }
    const PlannedCall& load_a() const { return load_a_; }
    const PlannedCall& load_b() const { return load_b_; }
    std::size_t functions_mixed() const { return names_.size(); }

private:
    Registered registered(const std::string& name) {
        names_.insert(upper(name));
        const auto found = host_.functions.find(upper(name));
        return found == host_.functions.end() ? Registered{} : found->second;
    }

    // One result, from this thread, which every thread must then get.
    void add(std::string what, const std::string& function, std::function<std::vector<XLOPER12*>(Opers&)> arguments,
             bool heavy = false) {
        PlannedCall call{std::move(what), registered(function), std::move(arguments), {}, heavy};
        Opers o;
        call.allowed.push_back(fake::bits_of(host_.call(call.function, call.arguments(o), o)));
        calls_.push_back(std::move(call));
    }

    void add_cases(const testing::CaseFile& cases) {
        for (std::size_t i = 0; i < cases.cases.size(); ++i) {
            const testing::KpiCase& c = cases.cases[i];
            const auto f = host_.functions.find(upper(c.function));
            if (f == host_.functions.end() || c.arguments.size() > f->second.arity) continue;
            const bool as_rows = i % 2 == 1;
            add(case_name(c), c.function, [&c, as_rows](Opers& o) { return case_arguments(c, o, as_rows); });
            add(case_name(c) + " KPI.EXPLAIN", "KPI.EXPLAIN", [&c, as_rows](Opers& o) {
                std::vector<XLOPER12*> a = case_arguments(c, o, as_rows);
                a.insert(a.begin(), o.text(utf16_from_utf8(c.function)));
                return a;
            });
        }
        add("KPI.CATALOG()", "KPI.CATALOG", [](Opers&) { return std::vector<XLOPER12*>{}; });
    }

    void add_error_paths() {
        FakeExcel& excel = FakeExcel::instance();
        for (RW r = 0; r < 10; ++r) excel.set_cell(first_row + r, scores_column, static_cast<double>(r));
        excel.set_uncalculated(uncalculated_row, scores_column, true);
        const XLREF12 scores{first_row, first_row + 9, scores_column, scores_column};
        const XLREF12 calculated{first_row, uncalculated_row - 1, scores_column, scores_column};
        // Each with its KPI.EXPLAIN: the reason is part of the answer.
        auto add_explained = [&](const std::string& what, const std::string& kpi,
                                 std::function<std::vector<XLOPER12*>(Opers&)> arguments) {
            add(what, kpi, arguments);
            add(what + " KPI.EXPLAIN", "KPI.EXPLAIN", [kpi, arguments](Opers& o) {
                std::vector<XLOPER12*> a = arguments(o);
                a.insert(a.begin(), o.text(utf16_from_utf8(kpi)));
                return a;
            });
        };
        add_explained("KPI.NPS of cells not calculated yet", "KPI.NPS",
                      [scores](Opers& o) { return std::vector<XLOPER12*>{o.sref(scores)}; });
        add_explained("KPI.NPS of a multi-area reference whose second area is not calculated yet", "KPI.NPS",
                      [calculated, scores](Opers& o) {
                          return std::vector<XLOPER12*>{o.ref({calculated, scores}, FakeExcel::sheet_id)};
                      });
        add_explained("KPI.NPS of a reference to a sheet Excel cannot read", "KPI.NPS",
                      [calculated](Opers& o) { return std::vector<XLOPER12*>{o.ref({calculated}, 0xBAD)}; });
        add_explained("KPI.NPS of a multi-area reference", "KPI.NPS", [calculated](Opers& o) {
            return std::vector<XLOPER12*>{o.ref({calculated, calculated, {0, 9, 2, 2}}, FakeExcel::sheet_id)};
        });
        add_explained("KPI.NPS of a range holding #REF!", "KPI.NPS", [](Opers& o) {
            return std::vector<XLOPER12*>{o.multi(1, 3, {o.cell(10), *o.error(xlerrRef), o.cell(9)})};
        });
        add_explained("KPI.ROI(#NAME?, #N/A)", "KPI.ROI", [](Opers& o) {
            return std::vector<XLOPER12*>{o.error(xlerrName), o.error(xlerrNA)};
        });
        add_explained("KPI.ROI(#GETTING_DATA, 1)", "KPI.ROI", [](Opers& o) {
            return std::vector<XLOPER12*>{o.error(xlerrGettingData), o.number(1)};
        });
        add_explained("KPI.BOUNCERATE with 40,000 characters of text", "KPI.BOUNCERATE", [](Opers& o) {
            return std::vector<XLOPER12*>{o.number(1), o.number(2), o.text(std::u16string(40000, u'x'))};
        });
        add_explained("KPI.AVGDEAL of an empty array", "KPI.AVGDEAL",
                      [](Opers& o) { return std::vector<XLOPER12*>{o.multi(0, 0, {})}; });
        add_explained("KPI.ROI of integers", "KPI.ROI", [](Opers& o) {
            return std::vector<XLOPER12*>{o.integer(1500), o.integer(1000)};
        });
        add("KPI.EXPLAIN of an unknown KPI", "KPI.EXPLAIN",
            [](Opers& o) { return std::vector<XLOPER12*>{o.text(u"KPI.NOSUCH")}; });
        add("KPI.EXPLAIN of a number", "KPI.EXPLAIN", [](Opers& o) { return std::vector<XLOPER12*>{o.number(3)}; });
        add("KPI.LOADMODEL of a missing file", "KPI.LOADMODEL",
            [](Opers& o) { return std::vector<XLOPER12*>{o.text(u"no-such-model.json")}; });
    }

    void add_attribution() {
        // Arrays, references (xlCoerce on every thread) and a bad row, as the threads of the cases run them.
        const std::vector<ReadResult> tables = attribution_calls_for_threads(host_);
        PlannedCall all{"KPI.ATTRIBUTION calls", registered("KPI.ATTRIBUTION"), {}, {}, false};
        for (const auto& t : tables) all.allowed.push_back(fake::bits_of(t));
        attribution_ = std::move(all);
    }

    void add_models() {
        const bool written = write_file(model_a_path, model_a) && write_file(model_b_path, model_b);
        host_.tally.check(written, "writing the recalculation check's two models");
        const Registered load = registered("KPI.LOADMODEL");
        load_a_ = {"KPI.LOADMODEL(\"" + model_a_path + "\")",
                   load,
                   [](Opers& o) { return std::vector<XLOPER12*>{o.text(utf16_from_utf8(model_a_path))}; },
                   {},
                   false};
        load_b_ = {"KPI.LOADMODEL(\"" + model_b_path + "\")",
                   load,
                   [](Opers& o) { return std::vector<XLOPER12*>{o.text(utf16_from_utf8(model_b_path))}; },
                   {},
                   false};
        struct Eval {
            std::string what;
            std::function<std::vector<XLOPER12*>(Opers&)> arguments;
        };
        const std::vector<Eval> evals{
            {"KPI.EVAL(\"lift\", 200, 1000)",
             [](Opers& o) {
                 return std::vector<XLOPER12*>{o.text(u"lift"), o.number(200), o.number(1000)};
             }},
            {"KPI.EVAL(\"lift\", 200, 1000, 4)",
             [](Opers& o) {
                 return std::vector<XLOPER12*>{o.text(u"lift"), o.number(200), o.number(1000), o.number(4)};
             }},
            {"KPI.EVAL(\"cpl\", 200, 1000, 4)",
             [](Opers& o) {
                 return std::vector<XLOPER12*>{o.text(u"cpl"), o.number(200), o.number(1000), o.number(4)};
             }},
            {"KPI.EVAL(\"growth\", 1210, 1000)",
             [](Opers& o) {
                 return std::vector<XLOPER12*>{o.text(u"growth"), o.number(1210), o.number(1000)};
             }},
            {"KPI.EVAL(\"lift\", 0, 0)",
             [](Opers& o) {
                 return std::vector<XLOPER12*>{o.text(u"lift"), o.number(0), o.number(0)};
             }},
            {"KPI.EVAL(\"lift\", #REF!, 1)",
             [](Opers& o) {
                 return std::vector<XLOPER12*>{o.text(u"lift"), o.error(xlerrRef), o.number(1)};
             }},
            {"KPI.EVAL(\"nosuch\", 1)",
             [](Opers& o) {
                 return std::vector<XLOPER12*>{o.text(u"nosuch"), o.number(1)};
             }},
            {"KPI.EVAL(1, 2)",
             [](Opers& o) {
                 return std::vector<XLOPER12*>{o.number(1), o.number(2)};
             }},
        };
        const Registered eval = registered("KPI.EVAL");
        std::vector<PlannedCall> planned;
        for (const auto& e : evals) planned.push_back({e.what, eval, e.arguments, {}, false});
        // What each gives under model A, then under model B: the two answers allowed.
        for (PlannedCall* loader : {&load_a_, &load_b_}) {
            Opers o;
            PlannedCall& l = *loader;
            l.allowed.push_back(fake::bits_of(host_.call(l.function, l.arguments(o), o)));
            for (auto& p : planned) {
                Opers e;
                const std::string bits = fake::bits_of(host_.call(p.function, p.arguments(e), e));
                if (p.allowed.empty() || p.allowed.front() != bits) p.allowed.push_back(bits);
            }
        }
        const bool differ = planned.front().allowed.size() == 2;
        host_.tally.check(differ, "the two models give KPI.EVAL(\"lift\", 200, 1000) different values");
        for (auto& p : planned) calls_.push_back(std::move(p));
    }

    void add_million_cell_ranges() {
        million_scores_.resize(million);
        million_amounts_.resize(million);
        std::vector<double> column(million);
        for (std::size_t i = 0; i < million; ++i) {
            million_scores_[i].xltype = xltypeNum;
            million_scores_[i].val.num = static_cast<double>((i * 7) % 11);
            million_amounts_[i].xltype = xltypeNum;
            million_amounts_[i].val.num = 100.0 + static_cast<double>(i % 1000) * 0.25;
            column[i] = static_cast<double>((i * 3) % 11);
        }
        // One text cell at the end of the amounts: the slow path, where a range stops being only numbers.
        static XCHAR lost[] = {4, u'l', u'o', u's', u't'};
        million_amounts_.back().xltype = xltypeStr;
        million_amounts_.back().val.str = lost;
        FakeExcel::instance().set_number_column(million_column, std::move(column));
        scores_oper_.xltype = xltypeMulti;
        scores_oper_.val.array = {million_scores_.data(), static_cast<RW>(million), 1};
        amounts_oper_.xltype = xltypeMulti;
        amounts_oper_.val.array = {million_amounts_.data(), 1024, static_cast<COL>(million / 1024)};
        XLOPER12* scores = &scores_oper_;
        XLOPER12* amounts = &amounts_oper_;
        add(
            "KPI.NPS of a million-cell array", "KPI.NPS", [scores](Opers&) { return std::vector<XLOPER12*>{scores}; },
            true);
        add(
            "KPI.AVGDEAL of a million-cell array ending in text", "KPI.AVGDEAL",
            [amounts](Opers&) { return std::vector<XLOPER12*>{amounts}; }, true);
        add(
            "KPI.NPS of a million-cell column, through xlCoerce", "KPI.NPS",
            [](Opers& o) {
                return std::vector<XLOPER12*>{
                    o.sref({0, static_cast<RW>(million) - 1, million_column, million_column})};
            },
            true);
    }

    Host& host_;
    std::vector<PlannedCall> calls_;
    PlannedCall load_a_, load_b_, attribution_;
    std::set<std::string> names_;
    std::vector<XLOPER12> million_scores_, million_amounts_;
    XLOPER12 scores_oper_{}, amounts_oper_{};

public:
    const PlannedCall& attribution() const { return attribution_; }
};

struct Counters {
    std::atomic<long> calls{0}, wrong{0}, state_changed{0}, dll_free{0};
    std::mutex mutex;
    std::string first_wrong;
};

struct ThreadWork {
    const Host* host = nullptr;
    const Mix* mix = nullptr;
    CallerState state{};
    int index = 0;
    int passes = 1;
    bool heavy = false;
    Counters* counters = nullptr;
    FloatingPointControl started_with;
};

DWORD WINAPI calculation_thread(LPVOID parameter) {
    auto& work = *static_cast<ThreadWork*>(parameter);
    Counters& n = *work.counters;
    work.started_with = current_floating_point_control();
    set_floating_point_control(work.state.control);
    auto check = [&](const std::string& what, const ReadResult& read, const std::vector<std::string>& allowed) {
        n.calls.fetch_add(1, std::memory_order_relaxed);
        if (read.dll_free) n.dll_free.fetch_add(1, std::memory_order_relaxed);
        if (!(current_floating_point_control() == work.state.control)) {
            n.state_changed.fetch_add(1);
            set_floating_point_control(work.state.control);
        }
        const std::string bits = fake::bits_of(read);
        for (const auto& a : allowed)
            if (bits == a) return;
        if (n.wrong.fetch_add(1) == 0) {
            std::lock_guard lock(n.mutex);
            n.first_wrong = what + " gave " + bits.substr(0, 200) + " where one thread got " +
                            (allowed.empty() ? "nothing" : allowed.front().substr(0, 200)) + ", on a thread in " +
                            work.state.what + " (" + described(work.state.control) + ")";
        }
    };
    const auto& calls = work.mix->calls();
    // Model swaps on two threads, each loading its own model: a fresh one every few dozen calls.
    const PlannedCall* loader = !work.heavy       ? nullptr
                                : work.index == 0 ? &work.mix->load_a()
                                : work.index == 1 ? &work.mix->load_b()
                                                  : nullptr;
    for (int pass = 0; pass < work.passes; ++pass) {
        // Each thread starts the mix somewhere else, so different functions overlap.
        const std::size_t start = (static_cast<std::size_t>(work.index) * calls.size()) / 8 + pass;
        for (std::size_t k = 0; k < calls.size(); ++k) {
            const PlannedCall& c = calls[(start + k) % calls.size()];
            if (c.heavy && pass != 0) continue;  // a million-cell range once a round on each thread
            Opers o;
            check(c.what, work.host->call(c.function, c.arguments(o), o), c.allowed);
            if (loader && k % 8 == 0) {
                Opers l;
                check(loader->what, work.host->call(loader->function, loader->arguments(l), l), loader->allowed);
            }
        }
        const std::vector<ReadResult> tables = attribution_calls_for_threads(*work.host);
        const auto& expected = work.mix->attribution().allowed;
        for (std::size_t k = 0; k < tables.size(); ++k)
            check("KPI.ATTRIBUTION call " + std::to_string(k + 1), tables[k],
                  {k < expected.size() ? expected[k] : std::string()});
    }
    return 0;
}

}  // namespace

void check_recalculation(Host& host, const testing::CaseFile& cases, const RecalculationLoad& load) {
    const ULONGLONG began = GetTickCount64();
    const Mix mix(host, cases, load.heavy);
    FakeExcel& excel = FakeExcel::instance();
    std::printf("host: %d calculation threads, %d rounds after a warm-up, %zu calls in the mix, %zu functions\n",
                load.threads, load.rounds, mix.calls().size(), mix.functions_mixed());

    Counters counters;
    std::vector<MemoryFigures> memory;
    const std::size_t handed_out_before = excel.blocks_handed_out(), freed_before = excel.blocks_freed();
    bool started = true;
    FloatingPointControl new_thread_state{};
    for (int round = 0; round <= load.rounds; ++round) {
        std::vector<ThreadWork> work(static_cast<std::size_t>(load.threads));
        std::vector<HANDLE> threads;
        for (std::size_t k = 0; k < work.size(); ++k) {
            ThreadWork& w = work[k];
            w = ThreadWork{&host,
                           &mix,
                           caller_states[k % std::size(caller_states)],
                           static_cast<int>(k),
                           load.passes,
                           load.heavy,
                           &counters,
                           {}};
            // CreateThread, not std::thread: Excel's calculation threads are plain Windows threads.
            threads.push_back(CreateThread(nullptr, 0, calculation_thread, &w, 0, nullptr));
        }
        for (HANDLE h : threads) started = started && h != nullptr;
        for (HANDLE h : threads)
            if (h) {
                WaitForSingleObject(h, INFINITE);
                CloseHandle(h);
            }
        new_thread_state = work[0].started_with;
        memory.push_back(measure_memory(host.xll));
        host.tally.check(host.xll.blocks_held() == 0,
                         "round " + std::to_string(round) + ": every xlbitDLLFree block came back through xlAutoFree12",
                         std::to_string(host.xll.blocks_held()) + " still held");
        host.tally.check(excel.blocks_outstanding() == 0,
                         "round " + std::to_string(round) + ": every xlCoerce result went back through xlFree",
                         std::to_string(excel.blocks_outstanding()) + " outstanding");
    }
    const ULONGLONG took = GetTickCount64() - began;
    host.tally.check(started, "starting " + std::to_string(load.threads) + " calculation threads");
    std::printf("host: the main thread runs in %s; a new thread starts in %s\n",
                described(current_floating_point_control()).c_str(), described(new_thread_state).c_str());
    const std::size_t handed_out = excel.blocks_handed_out() - handed_out_before;
    const std::size_t freed = excel.blocks_freed() - freed_before;
    std::printf(
        "host: %ld calls in %.1f s; %ld xlbitDLLFree results, each freed by xlAutoFree12; %zu blocks from "
        "xlCoerce, %zu given back by xlFree\n",
        counters.calls.load(), static_cast<double>(took) / 1000, counters.dll_free.load(), handed_out, freed);
    for (std::size_t r = 0; r < memory.size(); ++r)
        std::printf(
            "host: after round %zu: heap in use %s (and the add-in's warm buffers %s), private bytes %s, "
            "working set %s\n",
            r, megabytes(memory[r].heap).c_str(), megabytes(memory[r].pool).c_str(),
            megabytes(memory[r].private_bytes).c_str(), megabytes(memory[r].working_set).c_str());

    host.tally.check(counters.wrong.load() == 0,
                     std::to_string(counters.calls.load()) + " calls from " + std::to_string(load.threads) +
                         " threads in different floating-point states give the same results, bit for bit, as one "
                         "thread (KPI.EVAL: as one model or the other)",
                     std::to_string(counters.wrong.load()) + " differ, first " + counters.first_wrong);
    host.tally.check(counters.state_changed.load() == 0,
                     "every call leaves its thread's floating-point state as it found it",
                     std::to_string(counters.state_changed.load()) + " calls changed it");
    host.tally.check(handed_out == freed, "xlCoerce and xlFree balance",
                     std::to_string(handed_out) + " handed out, " + std::to_string(freed) + " freed");
    if (load.rounds >= 2) {
        // Round 0 warms the pools up (the add-in's buffers, the heaps, the C runtime's); from round 1 on,
        // a call leaves nothing behind: heap in use may move by a little, never grow by round.
        constexpr long long heap_slack = 1 << 20, private_slack = 16 << 20;
        const MemoryFigures& first = memory[1];
        for (std::size_t r = 2; r < memory.size(); ++r) {
            const long long heap = static_cast<long long>(memory[r].heap) - static_cast<long long>(first.heap);
            const long long priv =
                static_cast<long long>(memory[r].private_bytes) - static_cast<long long>(first.private_bytes);
            host.tally.check(heap <= heap_slack, "round " + std::to_string(r) + ": heap in use stays flat",
                             signed_megabytes(heap) + " since round 1");
            host.tally.check(priv <= private_slack, "round " + std::to_string(r) + ": private bytes stay flat",
                             signed_megabytes(priv) + " since round 1");
        }
    }
    std::remove(model_a_path.c_str());
    std::remove(model_b_path.c_str());
}

}  // namespace kpilot::xll::host
