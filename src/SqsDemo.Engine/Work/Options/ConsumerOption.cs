using System;
using System.Collections;

namespace SqsDemo.Engine.Work
{
    /// <summary>What an empty value of a variable means: each of the seeds' variables keeps its own rule.</summary>
    public enum EmptyVariableValue
    {
        /// <summary>Parsed like any value: a number refuses it, a flag reads it as false, text keeps it.</summary>
        Parsed,
        /// <summary>An empty value is left out, as if the variable were absent; a blank one is parsed.</summary>
        Ignored,
        /// <summary>An empty or blank (whitespace) value is left out.</summary>
        IgnoredWhenBlank,
    }

    /// <summary>When a Start-DemoConsumer parameter sets its option.</summary>
    public enum ParameterTakesEffect
    {
        /// <summary>When given (bound), whatever its value.</summary>
        WhenBound,
        /// <summary>When its value is a non-empty string: pipeline-bound table names that an environment may leave empty.</summary>
        WhenNotEmpty,
    }

    /// <summary>
    /// One row of <see cref="ConsumerOptionTable"/>: a consumer option with its Start-DemoConsumer parameter
    /// and the seeds' environment variable, either of which may be absent.
    /// </summary>
    public sealed class ConsumerOption
    {
        private readonly Action<ConsumerOptions, string, string>? _readVariable;
        private readonly Action<ConsumerOptions, object?>? _applyParameter;

        private ConsumerOption(string? parameter, string? variable, EmptyVariableValue empty, ParameterTakesEffect takesEffect,
            Action<ConsumerOptions, string, string>? readVariable, Action<ConsumerOptions, object?>? applyParameter)
        {
            Parameter = parameter;
            Variable = variable;
            Empty = empty;
            TakesEffect = takesEffect;
            _readVariable = readVariable;
            _applyParameter = applyParameter;
        }

        /// <summary>The Start-DemoConsumer parameter; null for an option only the seeds' variables set.</summary>
        public string? Parameter { get; }
        /// <summary>The seeds' environment variable; null for an option only the parameter sets.</summary>
        public string? Variable { get; }
        public EmptyVariableValue Empty { get; }
        public ParameterTakesEffect TakesEffect { get; }

        internal static ConsumerOption Of<T>(string? parameter, string? variable, Action<ConsumerOptions, T> set,
            Func<string, string, T>? parse = null, EmptyVariableValue empty = EmptyVariableValue.Parsed,
            ParameterTakesEffect takesEffect = ParameterTakesEffect.WhenBound)
        {
            Action<ConsumerOptions, string, string>? read = parse == null ? null : (options, name, value) => set(options, parse(name, value));
            Action<ConsumerOptions, object?>? apply = parameter == null ? null : (options, value) => set(options, (T)value!);
            return new ConsumerOption(parameter, variable, empty, takesEffect, read, apply);
        }

        /// <summary>Sets the option from its variable when the variable is present (and not an empty value its rule leaves out).</summary>
        public void ReadVariable(IDictionary variables, ConsumerOptions options)
        {
            if (Variable == null || _readVariable == null || !variables.Contains(Variable)) return;
            if (!(variables[Variable] is string value)) return;
            if (Empty == EmptyVariableValue.Ignored && value.Length == 0) return;
            if (Empty == EmptyVariableValue.IgnoredWhenBlank && value.Trim().Length == 0) return;
            _readVariable(options, Variable, value);
        }

        /// <summary>
        /// Sets the option from its parameter's value when the parameter takes effect; a switch's value is
        /// given as a bool. <paramref name="bound"/>: whether the parameter was given.
        /// </summary>
        public void ApplyParameter(ConsumerOptions options, bool bound, object? value)
        {
            if (_applyParameter == null) return;
            var takesEffect = TakesEffect == ParameterTakesEffect.WhenBound ? bound : value is string text && text.Length > 0;
            if (takesEffect) _applyParameter(options, value);
        }
    }
}
