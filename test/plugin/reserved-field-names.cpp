// A field may not be named `view` (its accessor would be a constructor of
// karmem::view<T>) or start with `karmem_` (the members every view has for
// its users): each is an error at the field, and nothing is written.
// field-names-runtime-members.test shows that every other name the runtime
// uses works as a field name.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>

struct [[karmem::struct(table)]] Reserved {
  int32_t view;                 // expected-error {{field 'view' cannot be read through the generated karmem::view<Reserved>: an accessor named 'view' would be a constructor of karmem::view<T>; rename it}}
  int32_t karmem_complete;      // expected-error {{field 'karmem_complete' cannot be read through the generated karmem::view<Reserved>: names starting with 'karmem_' are the members every karmem::view<T> has}}
  int32_t karmem_recorded_size; // expected-error {{field 'karmem_recorded_size' cannot be read}}
  int32_t karmem_message_size;  // expected-error {{field 'karmem_message_size' cannot be read}}
  int32_t karmem_present;       // expected-error {{field 'karmem_present' cannot be read}}
  int32_t karmem_data;          // expected-error {{field 'karmem_data' cannot be read}}
  int32_t karmem_message;       // expected-error {{field 'karmem_message' cannot be read}}
  int32_t karmem_field;         // expected-error {{field 'karmem_field' cannot be read}}
  int32_t karmem_anything_else; // expected-error {{field 'karmem_anything_else' cannot be read}}
  int32_t fine;
};

struct [[karmem::struct(inline)]] ReservedInline {
  float view; // expected-error {{field 'view' cannot be read through the generated karmem::view<ReservedInline>}}
};
