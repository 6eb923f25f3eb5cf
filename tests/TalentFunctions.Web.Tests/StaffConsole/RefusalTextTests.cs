using System.Reflection;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Web.Api;
using TalentFunctions.Web.Endpoints;
using TalentFunctions.Web.Pages;

namespace TalentFunctions.Web.Tests.StaffConsole;

/// <summary>
/// The texts of refusals in both languages (<see cref="PageProblem.Refusals"/>): every code a console page or the portal
/// can show has a Chinese title and explanation, so a new refusal code without them fails here rather than showing
/// English on a Chinese page.
/// </summary>
public sealed class RefusalTextTests
{
    /// <summary>
    /// The codes a console action or the portal can answer with: every domain refusal (both run domain commands), the
    /// ones the staff actions answer themselves (bad fields, an unknown application, a full cohort), and the portal's
    /// (an upload that failed its check, a client over the rate limit).
    /// </summary>
    public static TheoryData<string> PageCodes()
    {
        var codes = new TheoryData<string>();
        foreach (var code in CodesAPageCanShow())
        {
            codes.Add(code);
        }
        return codes;
    }

    [Theory]
    [MemberData(nameof(PageCodes))]
    public void Every_code_a_page_can_show_has_a_title_and_an_explanation_in_English_and_Chinese(string code)
    {
        var problem = PageProblem.ForRefusal(code);

        Assert.True(problem is not null, $"No texts for the problem code {code}: add it to PageProblem.Refusals in English and Chinese.");
        Assert.Equal(code, problem.Code);
        Assert.InRange(problem.Status, 400, 499);
        foreach (var text in new[] { problem.Title, problem.Message })
        {
            Assert.False(string.IsNullOrWhiteSpace(text.En), $"{code}: an English text is empty");
            Assert.True(text.Zh.Any(IsHan), $"{code}: \"{text.Zh}\" is not Chinese");
            Assert.NotEqual(text.En, text.Zh);
        }
    }

    [Fact]
    public void The_table_names_only_codes_the_app_answers_with()
    {
        var known = CodesAPageCanShow().ToHashSet(StringComparer.Ordinal);

        Assert.All(PageProblem.Refusals.Keys, code => Assert.Contains(code, known));
    }

    [Fact]
    public void A_code_without_texts_has_none()
    {
        Assert.Null(PageProblem.ForRefusal("no-such-code"));
        Assert.Null(PageProblem.ForRefusal(null));
    }

    private static IEnumerable<string> CodesAPageCanShow() =>
        DomainCodes().Append(Problems.ValidationFailed).Append(StaffActions.CohortFull).Append("not-found")
            .Append(ApplicantApi.MaterialRejected).Append(RateLimits.Rejected);

    private static IEnumerable<string> DomainCodes() =>
        typeof(RefusalCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff';
}
