using System;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace SqsDemo.Engine.Tables
{
    /// <summary>
    /// A DynamoDB number held exactly as digits and a power of ten (Mantissa x 10^Exponent), so the
    /// 38 significant digits DynamoDB keeps compare and add without the rounding a decimal (28 digits)
    /// or a double would bring. Normalized: the mantissa carries no trailing zeros.
    /// </summary>
    internal readonly struct DynamoNumber : IComparable<DynamoNumber>, IEquatable<DynamoNumber>
    {
        private const int MaxSignificantDigits = 38;
        private const int MaxExponent = 125;   // 9.9999999999999999999999999999999999999E+125
        private const int MinExponent = -130;  // 1E-130

        public BigInteger Mantissa { get; }
        public int Exponent { get; }

        private DynamoNumber(BigInteger mantissa, int exponent)
        {
            while (!mantissa.IsZero && mantissa % 10 == 0)
            {
                mantissa /= 10;
                exponent++;
            }
            Mantissa = mantissa;
            Exponent = mantissa.IsZero ? 0 : exponent;
        }

        /// <summary>Parses DynamoDB's number text (sign, digits, point, exponent) or throws DynamoDB's ValidationException.</summary>
        public static DynamoNumber Parse(string? text)
        {
            if (!TryParse(text, out var number))
                throw TableErrors.Validation("A value provided cannot be converted into a number");
            return number.Checked();
        }

        public static bool TryParse(string? text, out DynamoNumber number)
        {
            number = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var s = text!.Trim();
            var e = s.IndexOfAny(new[] { 'e', 'E' });
            var exponent = 0;
            if (e >= 0)
            {
                if (!int.TryParse(s.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)) return false;
                s = s.Substring(0, e);
            }
            var negative = s.StartsWith("-", StringComparison.Ordinal);
            if (negative || s.StartsWith("+", StringComparison.Ordinal)) s = s.Substring(1);
            var point = s.IndexOf('.');
            var digits = point < 0 ? s : s.Remove(point, 1);
            if (digits.Length == 0 || digits.Length > 1000) return false;
            foreach (var c in digits)
                if (c < '0' || c > '9') return false;
            if (point >= 0) exponent -= s.Length - point - 1;
            var mantissa = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
            number = new DynamoNumber(negative ? -mantissa : mantissa, exponent);
            return true;
        }

        /// <summary>DynamoDB's limits: 38 significant digits, magnitude 1E-130 to under 1E+126.</summary>
        public DynamoNumber Checked()
        {
            if (Mantissa.IsZero) return this;
            var digits = BigInteger.Abs(Mantissa).ToString(CultureInfo.InvariantCulture).Length;
            if (digits > MaxSignificantDigits)
                throw TableErrors.Validation("Attempting to store more than 38 significant digits in a Number");
            var magnitude = Exponent + digits - 1;
            if (magnitude > MaxExponent)
                throw TableErrors.Validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
            if (magnitude < MinExponent)
                throw TableErrors.Validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
            return this;
        }

        public static DynamoNumber operator +(DynamoNumber a, DynamoNumber b)
        {
            var exponent = Math.Min(a.Exponent, b.Exponent);
            return new DynamoNumber(a.Scaled(exponent) + b.Scaled(exponent), exponent);
        }

        public static DynamoNumber operator -(DynamoNumber a) => new DynamoNumber(-a.Mantissa, a.Exponent);

        public static DynamoNumber operator -(DynamoNumber a, DynamoNumber b) => a + -b;

        private BigInteger Scaled(int exponent) => Mantissa * BigInteger.Pow(10, Exponent - exponent);

        public int CompareTo(DynamoNumber other)
        {
            var exponent = Math.Min(Exponent, other.Exponent);
            // Exponents are bounded by the limits above, so the scaling stays a few hundred digits at most.
            return Scaled(exponent).CompareTo(other.Scaled(exponent));
        }

        public bool Equals(DynamoNumber other) => Mantissa == other.Mantissa && Exponent == other.Exponent;

        public override bool Equals(object? obj) => obj is DynamoNumber other && Equals(other);

        public override int GetHashCode() => Mantissa.GetHashCode() * 31 + Exponent;

        /// <summary>The canonical text DynamoDB answers with: plain digits, no exponent, no trailing zeros.</summary>
        public override string ToString()
        {
            if (Mantissa.IsZero) return "0";
            var digits = BigInteger.Abs(Mantissa).ToString(CultureInfo.InvariantCulture);
            var text = new StringBuilder();
            if (Mantissa.Sign < 0) text.Append('-');
            if (Exponent >= 0)
                return text.Append(digits).Append('0', Exponent).ToString();
            var point = digits.Length + Exponent;
            if (point > 0)
                return text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point).ToString();
            return text.Append("0.").Append('0', -point).Append(digits).ToString();
        }
    }
}
