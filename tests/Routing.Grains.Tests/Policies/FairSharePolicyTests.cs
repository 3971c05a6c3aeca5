namespace Routing.Grains.Tests.Policies;

public class FairSharePolicyTests
{
    [Fact]
    public void A_higher_priority_head_is_served_first_even_when_newer()
    {
        var chosen = FairSharePolicy.Choose([
            new DepartmentHead("sales", "s1", Priority.Normal, Given.At(0)),
            new DepartmentHead("support", "u1", Priority.Vip, Given.At(100)),
        ]);
        Assert.Equal("support", chosen!.DepartmentId);
    }

    [Fact]
    public void Within_a_priority_the_head_that_waited_longest_is_served_so_no_department_starves()
    {
        var chosen = FairSharePolicy.Choose([
            new DepartmentHead("busy", "b1", Priority.Normal, Given.At(50)),
            new DepartmentHead("quiet", "q1", Priority.Normal, Given.At(10)),
        ]);
        Assert.Equal("quiet", chosen!.DepartmentId);
    }

    [Fact]
    public void An_exact_tie_goes_to_the_department_that_served_the_operator_least_recently()
    {
        var chosen = FairSharePolicy.Choose([
            new DepartmentHead("a", "a1", Priority.Normal, Given.At(10)) { LastServedAt = Given.At(5) },
            new DepartmentHead("b", "b1", Priority.Normal, Given.At(10)) { LastServedAt = Given.At(1) },
            new DepartmentHead("c", "c1", Priority.Normal, Given.At(10)) { LastServedAt = Given.At(3) },
        ]);
        Assert.Equal("b", chosen!.DepartmentId);
    }

    [Fact]
    public void No_heads_means_nothing_to_serve() => Assert.Null(FairSharePolicy.Choose([]));
}
