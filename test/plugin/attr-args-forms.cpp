// Clang drops the arguments of a scoped plugin attribute; the plugin recovers
// them from the token stream. Every way of writing them must reach the
// emitted schema: none (a table), one, two, through KARMEM_STRUCT, through a
// macro of the user's, [[using karmem: struct(...)]], and alongside other
// attributes.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only %s
// RUN: FileCheck %s < %t/attr-args-forms.km
#include <karmem/karmem.h>

#define MY_INLINE [[karmem::struct(inline)]]

// CHECK: karmem attrargsforms @packed(true);
// CHECK: struct Plain table @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[karmem::struct]] Plain { int32_t a; };
// CHECK: struct EmptyParens table @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[karmem::struct()]] EmptyParens { int32_t a; };
// CHECK: struct OneInline inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[karmem::struct(inline)]] OneInline { int32_t a; };
// CHECK: struct OneTable table @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[karmem::struct(table)]] OneTable { int32_t a; };
// CHECK: struct Spaced inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[ karmem :: struct ( inline ) ]] Spaced { int32_t a; };
// CHECK: struct ViaMacro inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct KARMEM_STRUCT(inline) ViaMacro { int32_t a; };
// CHECK: struct ViaMacroEmpty table @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct KARMEM_STRUCT() ViaMacroEmpty { int32_t a; };
// CHECK: struct ViaUserMacro inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct MY_INLINE ViaUserMacro { int32_t a; };
// CHECK: struct ViaUsing inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[using karmem: struct(inline)]] ViaUsing { int32_t a; };
// CHECK: struct WithOthers inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[nodiscard, karmem::struct(inline), deprecated("x")]] WithOthers { int32_t a; };
// CHECK: struct Class table @karmem.fingerprint({{0x[0-9a-f]+}}) {
class [[karmem::struct(table)]] Class { public: int32_t a; };
// CHECK: struct Holder table @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT: A Plain;
// CHECK-NEXT: B OneInline;
// CHECK-NEXT: C ViaMacro;
struct [[karmem::struct]] Holder { Plain a; OneInline b; ViaMacro c; };
