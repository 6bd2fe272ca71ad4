#pragma once
// Excel's C API, as much of it as kpilot's add-in and its test host use,
// declared from Microsoft's published documentation: "Data types used by
// Excel", "xlfRegister (Form 1)", "Memory management in Excel", "xlAutoFree12",
// "Excel4/Excel12" and "Known issues in Excel XLL development". Names are the
// documented ones so each can be looked up there.
//
// The structures must match what Excel hands over byte for byte, on 64-bit and
// on 32-bit Excel; the static_asserts at the end hold them to the documented
// sizes. The header also compiles on Linux, so the conversion code and its unit
// tests build and run natively.

#include <cstddef>
#include <cstdint>

#if defined(_WIN32)
#define KPILOT_XLL_STDCALL __stdcall
#if defined(__GNUC__) && defined(__i386__)
// 32-bit Excel calls in with only the 4-byte stack alignment of the Windows x86
// ABI, while GCC assumes 16: realign on entry so no code in the XLL depends on it.
#define KPILOT_XLL_EXPORT extern "C" __declspec(dllexport) __attribute__((force_align_arg_pointer))
#else
#define KPILOT_XLL_EXPORT extern "C" __declspec(dllexport)
#endif
#else
#define KPILOT_XLL_STDCALL
#define KPILOT_XLL_EXPORT extern "C" __attribute__((visibility("default")))
#endif

// UTF-16 code units, as WCHAR is on Windows; char16_t keeps the size on Linux too.
using XCHAR = char16_t;
using RW = std::int32_t;         // a row index, 0-based
using COL = std::int32_t;        // a column index, 0-based
using IDSHEET = std::uintptr_t;  // DWORD_PTR: pointer-sized on both bitnesses

// One rectangular area of a sheet.
struct XLREF12 {
    RW rwFirst;
    RW rwLast;
    COL colFirst;
    COL colLast;
};

// The areas of a (possibly multi-area) reference; `count` areas follow, the
// declaration shows one as C did before flexible array members.
struct XLMREF12 {
    std::uint16_t count;
    XLREF12 reftbl[1];
};

struct XLOPER12 {
    // Excel's union also has `flow` and `bigdata` members. Neither is used here and
    // neither is larger than `sref`, which fixes the union at 20 bytes (24 with the
    // double's alignment), so leaving them out changes no offset.
    union {
        double num;  // xltypeNum
        XCHAR* str;  // xltypeStr: str[0] is the length, no terminator
        int xbool;   // xltypeBool (a Windows BOOL)
        int err;     // xltypeErr: one of the xlerr codes
        int w;       // xltypeInt
        struct {
            std::uint16_t count;  // always 1
            XLREF12 ref;
        } sref;  // xltypeSRef: an area of the sheet Excel is calculating
        struct {
            XLMREF12* lpmref;
            IDSHEET idSheet;
        } mref;  // xltypeRef: areas of a named sheet
        struct {
            XLOPER12* lparray;  // rows * columns values, row-major
            RW rows;
            COL columns;
        } array;  // xltypeMulti
    } val;
    std::uint32_t xltype;  // a type and optionally one of the xlbit flags
};

static_assert(sizeof(XLREF12) == 16);
static_assert(sizeof(XLOPER12) == 32, "Excel passes 32-byte XLOPER12s on both bitnesses");
static_assert(offsetof(XLOPER12, xltype) == 24, "xltype sits after a 24-byte union");

// xltype values.
inline constexpr std::uint32_t xltypeNum = 0x0001;
inline constexpr std::uint32_t xltypeStr = 0x0002;
inline constexpr std::uint32_t xltypeBool = 0x0004;
inline constexpr std::uint32_t xltypeRef = 0x0008;
inline constexpr std::uint32_t xltypeErr = 0x0010;
inline constexpr std::uint32_t xltypeFlow = 0x0020;
inline constexpr std::uint32_t xltypeMulti = 0x0040;
inline constexpr std::uint32_t xltypeMissing = 0x0080;
inline constexpr std::uint32_t xltypeNil = 0x0100;
inline constexpr std::uint32_t xltypeSRef = 0x0400;
inline constexpr std::uint32_t xltypeInt = 0x0800;

// Who frees an XLOPER12's memory: Excel (through xlFree) or the DLL (through xlAutoFree12).
inline constexpr std::uint32_t xlbitXLFree = 0x1000;
inline constexpr std::uint32_t xlbitDLLFree = 0x4000;

// xltypeErr codes, as Excel shows them: #NULL!, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #N/A.
inline constexpr int xlerrNull = 0;
inline constexpr int xlerrDiv0 = 7;
inline constexpr int xlerrValue = 15;
inline constexpr int xlerrRef = 23;
inline constexpr int xlerrName = 29;
inline constexpr int xlerrNum = 36;
inline constexpr int xlerrNA = 42;
inline constexpr int xlerrGettingData = 43;

// What Excel12 returns.
inline constexpr int xlretSuccess = 0;
inline constexpr int xlretAbort = 1;
inline constexpr int xlretInvXlfn = 2;
inline constexpr int xlretInvCount = 4;
inline constexpr int xlretInvXloper = 8;
inline constexpr int xlretStackOvfl = 16;
inline constexpr int xlretFailed = 32;
inline constexpr int xlretUncalced = 64;        // a referenced cell is not calculated yet
inline constexpr int xlretNotThreadSafe = 128;  // called from a worksheet thread other than the main one

// Function numbers. The C-API-only functions carry the xlSpecial bit.
inline constexpr int xlSpecial = 0x4000;
inline constexpr int xlFree = 0 | xlSpecial;
inline constexpr int xlCoerce = 2 | xlSpecial;
inline constexpr int xlGetName = 9 | xlSpecial;
inline constexpr int xlfSetName = 88;
inline constexpr int xlfCaller = 89;
inline constexpr int xlfRegister = 149;
inline constexpr int xlfUnregister = 201;

// Longest text Excel keeps in a cell, and longest string xlfRegister takes.
inline constexpr std::size_t xlMaxStringLength = 32767;
inline constexpr std::size_t xlMaxRegisterStringLength = 255;

// Excel's own entry point, exported by EXCEL.EXE. Mind the argument order: it
// is not that of Excel12v(xlfn, result, count, opers).
using MdCallBack12Proc = int(KPILOT_XLL_STDCALL*)(int xlfn, int count, XLOPER12** opers, XLOPER12* result);
