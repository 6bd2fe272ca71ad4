#pragma once
// What a large workbook's recalculation does to the add-in, played on several
// calculation threads at once, each in a different floating-point state:
// every case of tests/cases/kpis.cases and its KPI.EXPLAIN, KPI.CATALOG,
// KPI.ATTRIBUTION, million-cell ranges (as arrays, and as references read
// through xlCoerce), the error paths (inputs not calculated yet, references
// Excel cannot read, Excel-only errors inside ranges, text too long for a
// cell, bad path rows), and KPI.EVAL while other threads swap the model with
// KPI.LOADMODEL. Every result must be, bit for bit, what one thread got before
// (KPI.EVAL: what one model or the other gives, never a mix), every
// xlbitDLLFree block must come back through xlAutoFree12 and every xlCoerce
// result through xlFree, and the process's memory must stay flat from one
// round to the next.

#include "case_file.hpp"
#include "host_session.hpp"

namespace kpilot::xll::host {

struct RecalculationLoad {
    int threads = 8;
    int rounds = 1;      // after one warm-up round; memory is compared between rounds
    int passes = 1;      // over the whole mix, by each thread in each round
    bool heavy = false;  // million-cell ranges and model swaps
};

// Sets cells of the fake sheet (rows 100 on, columns 30 on) and writes two model
// files in the working directory, removed afterwards.
void check_recalculation(Host& host, const testing::CaseFile& cases, const RecalculationLoad& load);

}  // namespace kpilot::xll::host
