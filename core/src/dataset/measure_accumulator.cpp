#include "dataset/measure_accumulator.hpp"

namespace kpilot::dataset {

void MeasureAccumulator::merge(const MeasureAccumulator& other) {
    sum += other.sum;
    count += other.count;
    if (other.min < min) min = other.min;
    if (other.max > max) max = other.max;
    for (const auto& value : other.distinct) distinct.insert(value);
}

Value MeasureAccumulator::value(const MeasureDefinition& measure) const {
    switch (measure.aggregate) {
        case Aggregate::sum: return Value(sum);  // the sum of nothing is 0, as SUM says
        case Aggregate::count: return Value(static_cast<double>(count));
        case Aggregate::count_distinct: return Value(static_cast<double>(distinct.size()));
        case Aggregate::min:
        case Aggregate::max:
            if (count == 0) return Value(Error{ErrorKind::na, measure.name + " has no values in this group"});
            return Value(measure.aggregate == Aggregate::min ? min : max);
        case Aggregate::average:
            if (count == 0) return Value(Error{ErrorKind::div0, measure.name + " has no values to average in this group"});
            return Value(sum / static_cast<double>(count));
    }
    return Value();
}

}  // namespace kpilot::dataset
