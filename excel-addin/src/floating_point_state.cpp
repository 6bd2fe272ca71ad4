#include "floating_point_state.hpp"

namespace kpilot::xll {

#if defined(__i386__) || defined(__x86_64__)

FloatingPointControl current_floating_point_control() {
    FloatingPointControl control;
    __asm__ volatile("fnstcw %0" : "=m"(control.x87) : : "memory");
    __asm__ volatile("stmxcsr %0" : "=m"(control.mxcsr) : : "memory");
    return control;
}

void set_floating_point_control(FloatingPointControl control) {
    __asm__ volatile("fldcw %0" : : "m"(control.x87) : "memory");
    __asm__ volatile("ldmxcsr %0" : : "m"(control.mxcsr) : "memory");
}

#else

// No x87 unit and no MXCSR: the double arithmetic follows the compiler alone.
FloatingPointControl current_floating_point_control() { return calculation_floating_point; }
void set_floating_point_control(FloatingPointControl) {}

#endif

}  // namespace kpilot::xll
