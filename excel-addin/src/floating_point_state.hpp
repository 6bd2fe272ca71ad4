#pragma once
// The floating-point state every worksheet function computes in, whatever
// state the calling thread is in, so a KPI gives the same double, bit for bit,
// on every calculation thread and in the 32-bit XLL as in the 64-bit one.
//
// Why the add-in sets it, and not only the compiler flags:
// - The double arithmetic the add-in and the core compile is SSE2 on both
//   architectures (excel-addin/windows/CMakeLists.txt: -msse2 -mfpmath=sse), so its
//   rounding depends only on MXCSR.
// - mingw-w64's libm is not: pow and exp2 (the core's compound growth, churn
//   over n periods, time-decay attribution, a model's '^') work on the x87 unit
//   in long double on both architectures (log2l, exp2l, fscale; __powi on
//   i686), so their last bits follow the x87 control word's precision. Windows
//   starts every thread with 53-bit precision (0x027F), but mingw-w64's own
//   program start-up runs fninit (64-bit precision, 0x037F), another add-in or a
//   printer driver may change either word on a calculation thread, and wine's
//   threads need not match Windows'.
// 0x027F is chosen over 0x037F because at 53-bit precision the x87 steps of
// libm round each operation to double as the 64-bit build's SSE2 steps do
// (__powi is x87 on i686 and SSE2 on x64): with 0x037F, pow(1.1, 100) differs
// between the two XLLs by 9 units in the last place.

#include <cstdint>

namespace kpilot::xll {

struct FloatingPointControl {
    std::uint16_t x87 = 0;    // the x87 control word (precision, rounding, exception masks)
    std::uint32_t mxcsr = 0;  // SSE's control and status register
    // The same controls; MXCSR's six status flags (an inexact result...) say what happened, not how to compute.
    bool operator==(const FloatingPointControl& other) const {
        constexpr std::uint32_t status_flags = 0x3F;
        return x87 == other.x87 && (mxcsr & ~status_flags) == (other.mxcsr & ~status_flags);
    }
};

// 53-bit precision, round to nearest, every exception masked, on both units: Windows' default for a new thread.
inline constexpr FloatingPointControl calculation_floating_point{0x027F, 0x1F80};

FloatingPointControl current_floating_point_control();
void set_floating_point_control(FloatingPointControl control);

// Puts calculation_floating_point in place for its lifetime and gives the caller
// back its own state afterwards: Excel's thread is not the add-in's to change.
// Two register loads and two stores a call, against microseconds of work.
class CalculationFloatingPoint {
public:
    CalculationFloatingPoint() : caller_(current_floating_point_control()) {
        set_floating_point_control(calculation_floating_point);
    }
    ~CalculationFloatingPoint() { set_floating_point_control(caller_); }
    CalculationFloatingPoint(const CalculationFloatingPoint&) = delete;
    CalculationFloatingPoint& operator=(const CalculationFloatingPoint&) = delete;

private:
    FloatingPointControl caller_;
};

}  // namespace kpilot::xll
