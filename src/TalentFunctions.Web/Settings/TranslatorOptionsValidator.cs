using Microsoft.Extensions.Options;
using TalentFunctions.Workflow.Translation;

namespace TalentFunctions.Web.Settings;

/// <summary>Checks the Translator settings at start (<see cref="TranslatorOptions.Problems"/>); an empty key is valid: not configured.</summary>
internal sealed class TranslatorOptionsValidator : IValidateOptions<TranslatorOptions>
{
    public ValidateOptionsResult Validate(string? name, TranslatorOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
