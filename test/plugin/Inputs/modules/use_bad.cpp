#include "bad_shapes.h"
